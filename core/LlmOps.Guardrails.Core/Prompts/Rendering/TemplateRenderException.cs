using System;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>A template its engine cannot parse or render; <see cref="Offset"/> is where, in the template text given to the engine.</summary>
internal sealed class TemplateRenderException : Exception
{
    public TemplateRenderException(string message, int offset)
        : base(message) => Offset = offset;

    public int Offset { get; }
}
