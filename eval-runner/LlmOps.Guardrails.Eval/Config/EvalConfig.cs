using System;
using System.Collections.Generic;
using System.IO;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>The content of <c>llmops.eval.yaml</c> (docs/eval-config.md). Paths are as written, relative to <see cref="Directory"/>.</summary>
public sealed class EvalConfig
{
    public const string DefaultFileName = "llmops.eval.yaml";
    public const string DefaultCassettes = ".llmops/cassettes";
    public const string DefaultProviderName = "default";
    public const string PromptIdPlaceholder = "{id}";
    public const int DefaultRepeats = 1;
    public const int DefaultConcurrency = 4;

    /// <summary>The config file's path as given to the reader.</summary>
    public required string Path { get; init; }

    /// <summary>The folder every relative path in the config is resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";

    /// <summary>Glob patterns (<c>*</c>, <c>**</c>, <c>?</c>) of prompt files. Default: <c>prompts/**/*.prompt.yaml</c>.</summary>
    public IReadOnlyList<string> Prompts { get; init; } = new[] { "prompts/**/*.prompt.yaml" };

    /// <summary>Dataset path per prompt id.</summary>
    public IReadOnlyDictionary<string, string> Datasets { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The dataset path for prompts not in <see cref="Datasets"/>, with <c>{id}</c> replaced by the prompt id; null when unset.</summary>
    public string? DefaultDataset { get; init; }

    /// <summary>Providers by name. Always has <c>default</c> (a replay provider unless configured).</summary>
    public IReadOnlyDictionary<string, ProviderConfig> Providers { get; init; } = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);

    /// <summary>Folder of recorded responses.</summary>
    public string Cassettes { get; init; } = DefaultCassettes;

    public JudgeConfig? Judge { get; init; }

    /// <summary>Assertions applied to every case in addition to its own.</summary>
    public IReadOnlyList<AssertionSpec> Scorers { get; init; } = Array.Empty<AssertionSpec>();

    /// <summary>Runs of each case per variant; a case passes only if every repeat passes.</summary>
    public int Repeats { get; init; } = DefaultRepeats;

    /// <summary>Provider calls in flight at once.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    public GateConfig Gate { get; init; } = new();

    /// <summary>
    /// The model for prompt files that name none (Semantic Kernel and Prompty files often leave it to the application):
    /// it prices and runs them. Null: such prompts cannot run (LLMP019) and are not priced.
    /// </summary>
    public string? DefaultModel { get; init; }

    /// <summary>The dataset file of a prompt (absolute), from <see cref="Datasets"/> or <see cref="DefaultDataset"/>; null when neither applies.</summary>
    public string? ResolveDataset(string promptId)
    {
        var relative = Datasets.TryGetValue(promptId, out var path) ? path
            : DefaultDataset?.Replace(PromptIdPlaceholder, promptId);
        return relative is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, relative));
    }

    /// <summary>The prompt files <see cref="Prompts"/> matches (full paths, sorted).</summary>
    public IReadOnlyList<string> ResolvePromptFiles() => PromptGlob.Expand(Directory, Prompts);

    /// <summary>The cassette folder (absolute).</summary>
    public string ResolveCassettes() => System.IO.Path.GetFullPath(System.IO.Path.Combine(Directory, Cassettes));
}

/// <summary>One named provider. Keys come only from environment variables.</summary>
public sealed class ProviderConfig
{
    public const string OpenAI = "openai";
    public const string AzureOpenAI = "azure-openai";
    public const string Anthropic = "anthropic";
    public const string OpenAICompatible = "openai-compatible";
    public const string Replay = "replay";

    public static IReadOnlyList<string> Types { get; } = new[] { OpenAI, AzureOpenAI, Anthropic, OpenAICompatible, Replay };

    public required string Name { get; init; }

    /// <summary>openai | azure-openai | anthropic | openai-compatible | replay.</summary>
    public required string Type { get; init; }

    /// <summary>The environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Endpoint: required for openai-compatible and azure-openai, optional for openai and anthropic (proxies).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>azure-openai: the API version (e.g. 2024-10-21).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>azure-openai: deployment name per model id; the model id is used when absent.</summary>
    public IReadOnlyDictionary<string, string> Deployments { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Seconds before a call is abandoned.</summary>
    public int TimeoutSeconds { get; init; } = 60;

    /// <summary>Retries of transient failures (429, 5xx, timeouts).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The API key read from <see cref="ApiKeyEnv"/> now; null when unset or empty.</summary>
    public string? ResolveApiKey() =>
        ApiKeyEnv is null ? null : Environment.GetEnvironmentVariable(ApiKeyEnv) is { Length: > 0 } key ? key : null;
}

/// <summary>The LLM judge used by <c>judge</c> assertions.</summary>
public sealed class JudgeConfig
{
    public const double DefaultPassThreshold = 0.7;

    /// <summary>A pinned model id, so that scores stay comparable over time.</summary>
    public required string Model { get; init; }

    /// <summary>The provider name the judge calls.</summary>
    public string Provider { get; init; } = EvalConfig.DefaultProviderName;

    /// <summary>The rubric of judge assertions that have none.</summary>
    public string? RubricDefault { get; init; }

    /// <summary>The score (0..1) judge assertions need unless they set their own threshold.</summary>
    public double PassThreshold { get; init; } = DefaultPassThreshold;
}

/// <summary>What happens when a gate's threshold is crossed.</summary>
public enum GateLevel
{
    /// <summary>The run fails (exit code 1 for quality, 2 for cost or latency).</summary>
    Fail,

    /// <summary>Reported as a warning; the exit code stays 0.</summary>
    Warn,

    /// <summary>Not checked.</summary>
    Off,
}

public sealed class QualityGate
{
    /// <summary>The candidate's pass rate must be at least this (0..1); null: not checked.</summary>
    public double? MinPassRate { get; init; }

    /// <summary>The candidate's pass rate may be at most this much below the baseline's (0..1, absolute); null: not checked.</summary>
    public double? MaxDrop { get; init; }

    public GateLevel? Level { get; init; }
}

public sealed class CostGate
{
    /// <summary>Cost per call may rise at most this many percent over the baseline; null: not checked.</summary>
    public double? MaxIncreasePercent { get; init; }

    public GateLevel? Level { get; init; }
}

public sealed class LatencyGate
{
    /// <summary>p95 latency may rise at most this many percent over the baseline; null: not checked.</summary>
    public double? MaxP95IncreasePercent { get; init; }

    public GateLevel? Level { get; init; }
}

/// <summary>One set of thresholds (the defaults, or an override for a prompt or a tag). Null parts inherit.</summary>
/// <summary>
/// How many errored cases (provider or judge failures) a prompt's variant may have. An errored case was not evaluated,
/// so above the limit the comparison cannot be trusted: level fail exits 3.
/// </summary>
public sealed class ErroredGate
{
    /// <summary>Errored share of a variant's cases allowed, 0–1. Default 0: any errored case fails the run.</summary>
    public double MaxRate { get; init; }

    public GateLevel Level { get; init; } = GateLevel.Fail;
}

public sealed class GateRules
{
    public QualityGate? Quality { get; init; }

    public CostGate? Cost { get; init; }

    public LatencyGate? Latency { get; init; }
}

/// <summary>The gate: defaults plus overrides by prompt id and by case tag (an override replaces only the fields it sets).</summary>
public sealed class GateConfig
{
    public QualityGate Quality { get; init; } = new() { MinPassRate = null, MaxDrop = 0.05, Level = GateLevel.Fail };

    public CostGate Cost { get; init; } = new() { MaxIncreasePercent = 10, Level = GateLevel.Fail };

    public LatencyGate Latency { get; init; } = new() { MaxP95IncreasePercent = 25, Level = GateLevel.Warn };

    /// <summary>Errored cases tolerated before the run exits 3; by default none.</summary>
    public ErroredGate Errored { get; init; } = new();

    public IReadOnlyDictionary<string, GateRules> PerPrompt { get; init; } = new Dictionary<string, GateRules>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, GateRules> PerTag { get; init; } = new Dictionary<string, GateRules>(StringComparer.Ordinal);

    /// <summary>The quality thresholds for a prompt: defaults, overridden by <see cref="PerPrompt"/>.</summary>
    public QualityGate QualityFor(string promptId) =>
        PerPrompt.TryGetValue(promptId, out var rules) && rules.Quality is { } q ? Merge(Quality, q) : Quality;

    public CostGate CostFor(string promptId) =>
        PerPrompt.TryGetValue(promptId, out var rules) && rules.Cost is { } c
            ? new CostGate { MaxIncreasePercent = c.MaxIncreasePercent ?? Cost.MaxIncreasePercent, Level = c.Level ?? Cost.Level }
            : Cost;

    public LatencyGate LatencyFor(string promptId) =>
        PerPrompt.TryGetValue(promptId, out var rules) && rules.Latency is { } l
            ? new LatencyGate { MaxP95IncreasePercent = l.MaxP95IncreasePercent ?? Latency.MaxP95IncreasePercent, Level = l.Level ?? Latency.Level }
            : Latency;

    /// <summary>The quality thresholds for the cases of a tag, over the prompt's own.</summary>
    public QualityGate QualityForTag(string promptId, string tag) =>
        PerTag.TryGetValue(tag, out var rules) && rules.Quality is { } q ? Merge(QualityFor(promptId), q) : QualityFor(promptId);

    private static QualityGate Merge(QualityGate over, QualityGate with) => new()
    {
        MinPassRate = with.MinPassRate ?? over.MinPassRate,
        MaxDrop = with.MaxDrop ?? over.MaxDrop,
        Level = with.Level ?? over.Level,
    };
}

/// <summary>What <see cref="EvalConfigReader"/> returns: the config when there is no error, and every diagnostic.</summary>
public sealed class EvalConfigResult
{
    public EvalConfig? Config { get; init; }

    public IReadOnlyList<EvalDiagnostic> Diagnostics { get; init; } = Array.Empty<EvalDiagnostic>();

    public bool Succeeded => Config is not null && Diagnostics.Count == 0;
}
