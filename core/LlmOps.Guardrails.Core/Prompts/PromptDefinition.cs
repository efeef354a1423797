using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>
/// One prompt, as read from a <c>*.prompt.yaml</c>, <c>.prompty</c> or Semantic Kernel prompt file. Everything a
/// build, an eval or the runtime needs to know about it; the file format it came from is only in <see cref="Format"/>.
/// </summary>
public sealed class PromptDefinition
{
    public required string Id { get; init; }

    public string? Description { get; init; }

    /// <summary>Owner tags: the <c>feature</c> and <c>team</c> attribution tags of every call made with this prompt.</summary>
    public string? Feature { get; init; }

    public string? Team { get; init; }

    /// <summary>
    /// The model id as written (it should be a pinned snapshot). Empty when an imported file names none (Semantic Kernel
    /// and Prompty leave the choice to the application): such a prompt is counted but priced only with a project default
    /// (<see cref="PromptDefaults.ApplyDefaultModel"/>).
    /// </summary>
    public required string Model { get; init; }

    /// <summary>True when the file names a model (or one was filled in from the project default).</summary>
    public bool HasModel => !string.IsNullOrWhiteSpace(Model);

    /// <summary>True when <see cref="Model"/> is the project's default model, not one the file names.</summary>
    public bool ModelIsDefault { get; init; }

    /// <summary>
    /// An imported prompt's whole template, rendered by its engine and then split into messages; null for native
    /// prompts, whose <see cref="Messages"/> are rendered one by one. <see cref="Messages"/> always holds the messages as
    /// written (split before rendering), for hashing and display.
    /// </summary>
    public PromptDocument? Document { get; init; }

    /// <summary>The engine that renders this prompt's templates.</summary>
    public PromptTemplateEngine TemplateEngine => Document?.Engine ?? PromptTemplateEngine.Placeholders;

    public IReadOnlyList<string> Fallbacks { get; init; } = Array.Empty<string>();

    public PromptParameters Parameters { get; init; } = new();

    public IReadOnlyList<PromptVariable> Variables { get; init; } = Array.Empty<PromptVariable>();

    public IReadOnlyList<PromptMessage> Messages { get; init; } = Array.Empty<PromptMessage>();

    /// <summary>Output tokens per call used for estimates; null means "use the max output tokens" (worst case).</summary>
    public int? ExpectedOutputTokens { get; init; }

    /// <summary>Expected calls per day, for monthly projections.</summary>
    public long? CallsPerDay { get; init; }

    /// <summary>Path of the golden dataset, relative to the prompt file.</summary>
    public string? Dataset { get; init; }

    /// <summary>The file the prompt was read from (as given to the reader).</summary>
    public string SourcePath { get; init; } = string.Empty;

    public PromptSourceFormat Format { get; init; }

    /// <summary>Where each field was written, for diagnostics that point at the right line.</summary>
    public PromptSourceMap Locations { get; init; } = PromptSourceMap.Empty;
}

/// <summary>Sampling and output parameters. Null means "not set" (the provider's default).</summary>
public sealed class PromptParameters
{
    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public int? MaxOutputTokens { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = Array.Empty<string>();

    public long? Seed { get; init; }

    public double? FrequencyPenalty { get; init; }

    public double? PresencePenalty { get; init; }

    /// <summary><c>text</c>, <c>json</c> or <c>json_schema</c>; null when not set.</summary>
    public string? ResponseFormat { get; init; }
}

public sealed class PromptVariable
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>A realistic value, used to count tokens per call.</summary>
    public string Sample { get; init; } = string.Empty;

    /// <summary>
    /// The sample as a structured value (an object or list from <c>sample:</c>, <c>example:</c> or <c>default:</c>) for
    /// templates that read properties or loop; null when the sample is plain text (<see cref="Sample"/>).
    /// </summary>
    public object? Value { get; init; }
}

public sealed class PromptMessage
{
    /// <summary><c>system</c>, <c>user</c> or <c>assistant</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The text, with <c>{{variable}}</c> placeholders (in the syntax of <see cref="PromptDefinition.TemplateEngine"/>).</summary>
    public required string Template { get; init; }
}

public enum PromptSourceFormat
{
    /// <summary>LlmOps <c>*.prompt.yaml</c>.</summary>
    PromptYaml,

    /// <summary>Prompty (<c>.prompty</c>): YAML front matter plus a markdown body with role markers.</summary>
    Prompty,

    /// <summary>Semantic Kernel prompt YAML (<c>PromptTemplateConfig</c>).</summary>
    SemanticKernel,
}

/// <summary>A 1-based line and column in a prompt file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start => new(1, 1);
}

/// <summary>Field path (e.g. <c>model</c>, <c>parameters.max_output_tokens</c>, <c>messages[1].content</c>) to where it was written.</summary>
public sealed class PromptSourceMap
{
    public static readonly PromptSourceMap Empty = new(new Dictionary<string, SourcePosition>());

    private readonly IReadOnlyDictionary<string, SourcePosition> positions;

    public PromptSourceMap(IReadOnlyDictionary<string, SourcePosition> positions) => this.positions = positions;

    /// <summary>The position of <paramref name="path"/>, else of its nearest recorded parent, else the file start.</summary>
    public SourcePosition Of(string path)
    {
        for (var current = path; current.Length > 0; current = Parent(current))
        {
            if (positions.TryGetValue(current, out var position))
            {
                return position;
            }
        }

        return SourcePosition.Start;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path.Substring(0, cut) : string.Empty;
    }
}
