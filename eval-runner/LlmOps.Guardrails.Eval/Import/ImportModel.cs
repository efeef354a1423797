using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>What happened to one piece of a promptfoo suite on its way to the native format.</summary>
public enum ImportOutcome
{
    /// <summary>Written as an equivalent native assertion, prompt or model.</summary>
    Mapped,

    /// <summary>Kept in the dataset as a disabled assertion with the reason: no native equivalent.</summary>
    Disabled,

    /// <summary>Not written at all (a prompt, provider, key or value the native format cannot hold), with the reason.</summary>
    Refused,
}

/// <summary>One line of the import report: the subject (a test id, <c>prompt x</c>, <c>provider y</c>) and what became of it.</summary>
public sealed record ImportEntry(ImportOutcome Outcome, string Subject, string What, string Detail)
{
    /// <summary>
    /// The short form tests compare with hand-written expectations: <c>mapped t1 contains -> icontains</c>,
    /// <c>disabled t1 javascript</c>, <c>refused provider exec:run.sh</c>.
    /// </summary>
    public string Summary => Outcome switch
    {
        ImportOutcome.Mapped => $"mapped {Subject} {What} -> {Detail}",
        ImportOutcome.Disabled => $"disabled {Subject} {What}",
        _ => $"refused {Subject} {What}".TrimEnd(),
    };
}

/// <summary>A prompt ready to be written as a native prompt file.</summary>
internal sealed record ImportedPrompt(string Id, IReadOnlyList<(string Role, string Content)> Messages, IReadOnlyList<string> Variables);

/// <summary>A test ready to be written as a dataset case: native assertions, active or disabled.</summary>
internal sealed record ImportedCase(string Id, string? Description, IReadOnlyDictionary<string, JsonNode?> Vars, IReadOnlyList<JsonObject> Assertions);

/// <summary>The whole suite in native terms, and the report of every choice made.</summary>
internal sealed class ImportedSuite
{
    public List<ImportedPrompt> Prompts { get; } = new();

    /// <summary>The model ids of the providers, in promptfoo's order; the first is the prompts' model.</summary>
    public List<(string Vendor, string Model)> Models { get; } = new();

    public List<ImportedCase> Cases { get; } = new();

    public List<ImportEntry> Entries { get; } = new();

    /// <summary>The first provider's <c>config.apiBaseUrl</c>, written as the native <c>base_url</c>.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The first provider's <c>config.apiKeyEnvar</c>, written as the native <c>api_key_env</c>.</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>The largest output promptfoo's provider config allowed, when it says so.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>True when anything was disabled or refused: the import is not complete.</summary>
    public bool HasGaps => Entries.Exists(e => e.Outcome != ImportOutcome.Mapped);
}
