namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>The template language a prompt's text is written in, and so the engine that renders it.</summary>
public enum PromptTemplateEngine
{
    /// <summary>The native <c>{{name}}</c> placeholders (<see cref="PromptTemplate"/>), rendered message by message.</summary>
    Placeholders,

    /// <summary>Liquid, and Jinja2 as Prompty writes it (loops, conditions, filters, <c>{{object.property}}</c>), rendered by Fluid.</summary>
    Liquid,

    /// <summary>Handlebars (Semantic Kernel's <c>template_format: handlebars</c>, Prompty's mustache), rendered by Handlebars.Net.</summary>
    Handlebars,

    /// <summary>Semantic Kernel's own syntax: <c>{{$name}}</c> variables, <c>{{plugin.function arg}}</c> calls (counted as empty output).</summary>
    SemanticKernel,
}

/// <summary>How a rendered document becomes chat messages.</summary>
public enum PromptDocumentLayout
{
    /// <summary>Prompty: lines holding only a role and a colon (<c>system:</c>, <c>user:</c>) start messages.</summary>
    RoleMarkers,

    /// <summary>Semantic Kernel: <c>&lt;message role="..."&gt;</c> blocks; a text without them is one user message.</summary>
    MessageTags,
}

/// <summary>
/// An imported prompt's whole template, as its format renders it: the text goes through the engine first and the
/// result is then split into messages (so a loop may produce or repeat messages).
/// </summary>
public sealed class PromptDocument
{
    public required string Template { get; init; }

    public required PromptTemplateEngine Engine { get; init; }

    public required PromptDocumentLayout Layout { get; init; }

    /// <summary>Liquid templates written in Jinja2 (Prompty's default): <c>elif</c>, <c>loop.index</c> and <c>{# #}</c> are read as Jinja2 means them.</summary>
    public bool Jinja { get; init; }
}
