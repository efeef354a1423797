using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>A prompt file as read: the prompt when it could be understood, and every problem found on the way.</summary>
public sealed class PromptReadResult
{
    public PromptReadResult(PromptDefinition? prompt, IReadOnlyList<PromptDiagnostic> diagnostics)
    {
        Prompt = prompt;
        Diagnostics = diagnostics ?? Array.Empty<PromptDiagnostic>();
    }

    /// <summary>Null when the file has errors that leave no usable prompt.</summary>
    public PromptDefinition? Prompt { get; }

    public IReadOnlyList<PromptDiagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
