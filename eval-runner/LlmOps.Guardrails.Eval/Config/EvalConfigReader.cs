using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// Reads <c>llmops.eval.yaml</c>. Never throws for bad input: every problem is an <see cref="EvalDiagnostic"/> with a
/// position and a fix, in file order; the config is returned only when there is none.
/// </summary>
public static class EvalConfigReader
{
    /// <summary>The largest config file read (1 MB).</summary>
    public const long MaxBytes = 1024 * 1024;

    internal static readonly string[] TopKeys = { "prompts", "datasets", "providers", "cassettes", "judge", "scorers", "repeats", "concurrency", "gate", "default_model" };
    internal static readonly string[] ProviderKeys = { "type", "api_key_env", "base_url", "api_version", "deployments", "timeout_seconds", "max_retries" };
    internal static readonly string[] JudgeKeys = { "model", "provider", "rubric_default", "pass_threshold" };
    internal static readonly string[] GateKeys = { "quality", "cost", "latency", "errored", "per_prompt", "per_tag" };
    internal static readonly string[] ErroredKeys = { "max_rate", "level" };
    internal static readonly string[] RuleKeys = { "quality", "cost", "latency" };
    internal static readonly string[] QualityKeys = { "min_pass_rate", "max_drop", "level" };
    internal static readonly string[] CostKeys = { "max_increase_percent", "level" };
    internal static readonly string[] LatencyKeys = { "max_p95_increase_percent", "level" };
    internal static readonly string[] Levels = { "fail", "warn", "off" };
    internal static readonly string[] DatasetExtensions = { ".jsonl", ".yaml", ".yml", ".csv" };

    /// <summary>Key names that hold a secret when written in the file.</summary>
    private static readonly string[] SecretKeys =
    {
        "api_key", "apikey", "api-key", "key", "token", "api_token", "access_token", "secret", "client_secret", "password", "authorization", "bearer",
    };

    private static readonly Regex EnvVarName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex LooksLikeKey = new("^(sk-|sk_|sk-ant-|xai-|AIza|ghp_|gsk_)|^[A-Za-z0-9+/=_-]{32,}$", RegexOptions.CultureInvariant);
    private static readonly Regex ProviderName = new("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);

    /// <summary>Reads the config file at <paramref name="path"/>.</summary>
    public static EvalConfigResult ReadFile(string path, bool checkFiles = true)
    {
        var diagnostics = new List<EvalDiagnostic>();
        var text = SourceText.Load(path, MaxBytes, "config", diagnostics);
        return text is null ? new EvalConfigResult { Diagnostics = diagnostics } : Read(path, text, checkFiles);
    }

    /// <summary>
    /// Reads config <paramref name="text"/>; <paramref name="path"/> names it in diagnostics and anchors relative
    /// paths. With <paramref name="checkFiles"/>, dataset files named in <c>datasets</c> must exist (LLME108).
    /// </summary>
    public static EvalConfigResult Read(string path, string text, bool checkFiles = true)
    {
        var diagnostics = new List<EvalDiagnostic>();
        if (!SourceText.CheckText(text, path, MaxBytes, "config", diagnostics))
        {
            return new EvalConfigResult { Diagnostics = diagnostics };
        }

        var root = EvalYaml.Read(SourceText.StripBom(text), path, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new EvalConfigResult { Diagnostics = diagnostics };
        }

        var reader = new NodeReader(path, diagnostics);
        if (root is null)
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, 1, 1, "The config is empty. Add at least 'prompts:' and 'datasets:', or run 'dotnet eval init' to write a starter config.");
            return new EvalConfigResult { Diagnostics = diagnostics };
        }

        if (root is not YMapping top)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, root, $"The config must be a mapping of keys, not {root.KindName()}. Write it as 'key: value' lines with the keys {string.Join(", ", TopKeys)}.");
            return new EvalConfigResult { Diagnostics = diagnostics };
        }

        var config = ReadTop(reader, top, path, checkFiles);
        var sorted = diagnostics.Select((d, i) => (d, i)).OrderBy(p => p.d.Line).ThenBy(p => p.d.Column).ThenBy(p => p.i).Select(p => p.d).ToList();
        return sorted.Count == 0 ? new EvalConfigResult { Config = config, Diagnostics = sorted } : new EvalConfigResult { Diagnostics = sorted };
    }

    private static EvalConfig ReadTop(NodeReader reader, YMapping top, string path, bool checkFiles)
    {
        CheckSecrets(reader, top, string.Empty);
        reader.CheckKeys(top, string.Empty, TopKeys, IsSecretKey);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

        var prompts = ReadPrompts(reader, top);
        var (datasets, defaultDataset) = ReadDatasets(reader, reader.Get(top, "datasets"), directory, checkFiles);
        var providers = ReadProviders(reader, reader.Get(top, "providers"));
        var judge = ReadJudge(reader, reader.Get(top, "judge"), providers);
        var scorers = AssertionReader.ReadList(reader, reader.Get(top, "scorers"), "scorers");
        var cassettes = reader.Text(reader.Get(top, "cassettes"), "cassettes");
        if (cassettes is { Length: 0 } || (cassettes is not null && string.IsNullOrWhiteSpace(cassettes)))
        {
            cassettes = null;
        }

        return new EvalConfig
        {
            Path = path,
            Prompts = prompts ?? new[] { "prompts/**/*.prompt.yaml" },
            Datasets = datasets,
            DefaultDataset = defaultDataset,
            Providers = providers,
            Cassettes = cassettes ?? EvalConfig.DefaultCassettes,
            Judge = judge,
            Scorers = scorers,
            Repeats = (int)(reader.Integer(reader.Get(top, "repeats"), "repeats", 1, 100) ?? EvalConfig.DefaultRepeats),
            Concurrency = (int)(reader.Integer(reader.Get(top, "concurrency"), "concurrency", 1, 256) ?? EvalConfig.DefaultConcurrency),
            Gate = ReadGate(reader, reader.Get(top, "gate")),
            DefaultModel = DefaultModel(reader, top),
        };
    }

    // The model that prices and runs prompt files naming none; blank means none.
    private static string? DefaultModel(NodeReader reader, YMapping top)
    {
        var text = reader.Text(reader.Get(top, "default_model"), "default_model");
        return string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }

    private static bool IsSecretKey(YScalar key) => SecretKeys.Contains(key.Value.ToLowerInvariant());

    /// <summary>LLME107 for every secret-named key in <paramref name="mapping"/>; the value is never repeated.</summary>
    private static void CheckSecrets(NodeReader reader, YMapping mapping, string path)
    {
        foreach (var entry in mapping.Entries)
        {
            if (IsSecretKey(entry.Key))
            {
                var where = path.Length == 0 ? entry.Key.Value : $"{path}.{entry.Key.Value}";
                var example = path.StartsWith("providers.", StringComparison.Ordinal) ? path.Substring("providers.".Length).ToUpperInvariant().Replace('-', '_') + "_API_KEY" : "MY_API_KEY";
                reader.Report(EvalDiagnosticCodes.InlineSecret, entry.Key,
                    $"'{where}' writes a secret into the config file (value not shown). Remove it, rotate the key if it was ever committed, and name an environment variable instead: 'api_key_env: {example}'.");
            }
        }
    }

    private static IReadOnlyList<string>? ReadPrompts(NodeReader reader, YMapping top)
    {
        var node = reader.Get(top, "prompts");
        if (node is null)
        {
            return null;
        }

        var list = reader.TextList(node, "prompts");
        if (list is null)
        {
            if (NodeReader.IsUnset(node))
            {
                reader.Report(EvalDiagnosticCodes.MissingKey, node, "'prompts' is empty. List glob patterns of prompt files, e.g. prompts: [\"prompts/**/*.prompt.yaml\"], or remove the key for that default.");
            }

            return null;
        }

        if (list.Count == 0)
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, node, "'prompts' is an empty list. Add at least one glob pattern, e.g. \"prompts/**/*.prompt.yaml\".");
            return null;
        }

        foreach (var (pattern, at) in list)
        {
            if (string.IsNullOrWhiteSpace(pattern))
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, at, "A 'prompts' pattern is empty. Write a glob such as \"prompts/*.prompt.yaml\".");
            }
        }

        return list.Select(p => p.Value).ToArray();
    }

    private static (Dictionary<string, string> Datasets, string? Default) ReadDatasets(NodeReader reader, YNode? node, string directory, bool checkFiles)
    {
        var datasets = new Dictionary<string, string>(StringComparer.Ordinal);
        string? defaultPattern = null;
        if (NodeReader.IsUnset(node))
        {
            return (datasets, null);
        }

        if (node is YScalar pattern)
        {
            defaultPattern = CheckDatasetPath(reader, pattern, "datasets", directory, checkFiles);
            return (datasets, defaultPattern);
        }

        if (node is not YMapping mapping)
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, node!, "'datasets' must be a path pattern (\"datasets/{id}.jsonl\") or a mapping of prompt id to dataset path, not a list.");
            return (datasets, null);
        }

        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var valuePath = $"datasets.{key}";
            if (entry.Value is not YScalar scalar || scalar.IsNull)
            {
                reader.Report(NodeReader.IsUnset(entry.Value) ? EvalDiagnosticCodes.MissingKey : EvalDiagnosticCodes.InvalidValue, entry.Value,
                    $"'{valuePath}' must be the path of a dataset file (.jsonl, .yaml or .csv) relative to the config.");
                continue;
            }

            var checkedPath = CheckDatasetPath(reader, scalar, valuePath, directory, checkFiles);
            if (checkedPath is null)
            {
                continue;
            }

            if (key == "*")
            {
                defaultPattern = checkedPath;
            }
            else
            {
                datasets[key] = checkedPath;
            }
        }

        return (datasets, defaultPattern);
    }

    private static string? CheckDatasetPath(NodeReader reader, YScalar value, string path, string directory, bool checkFiles)
    {
        var text = value.Value.Trim();
        if (text.Length == 0)
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, value, $"'{path}' is empty. Write the dataset path, e.g. datasets/classify.jsonl.");
            return null;
        }

        var extension = Path.GetExtension(text).ToLowerInvariant();
        if (!DatasetExtensions.Contains(extension))
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, value, $"'{path}' is '{NodeReader.Clip(text)}': a dataset must end in .jsonl, .yaml, .yml or .csv. Rename the file or fix the path.");
            return null;
        }

        if (checkFiles && !text.Contains(EvalConfig.PromptIdPlaceholder))
        {
            string full;
            try
            {
                full = Path.GetFullPath(Path.Combine(directory, text));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, value, $"'{path}' is not a valid path ({ex.Message}). Fix the path.");
                return null;
            }

            if (!File.Exists(full))
            {
                reader.Report(EvalDiagnosticCodes.DatasetNotFound, value, $"The dataset '{NodeReader.Clip(text)}' ('{path}') does not exist at {full}. Fix the path (it is relative to the config file) or create the dataset.");
                return null;
            }
        }

        return text;
    }

    private static Dictionary<string, ProviderConfig> ReadProviders(NodeReader reader, YNode? node)
    {
        var providers = new Dictionary<string, ProviderConfig>(StringComparer.Ordinal);
        if (!NodeReader.IsUnset(node) && reader.Mapping(node!, "providers") is { } mapping)
        {
            foreach (var entry in mapping.Entries)
            {
                var name = entry.Key.Value;
                if (!ProviderName.IsMatch(name))
                {
                    reader.Report(EvalDiagnosticCodes.InvalidValue, entry.Key, $"Provider name '{NodeReader.Clip(name)}' is not valid. Use letters, digits, '.', '_' and '-'.");
                    continue;
                }

                if (IsSecretKey(entry.Key))
                {
                    reader.Report(EvalDiagnosticCodes.InlineSecret, entry.Key, $"'providers.{name}' looks like a secret written into the config (value not shown). Remove it and name an environment variable in a provider: 'api_key_env: MY_API_KEY'.");
                    continue;
                }

                if (ReadProvider(reader, name, entry.Value) is { } provider)
                {
                    providers[name] = provider;
                }
            }
        }

        if (!providers.ContainsKey(EvalConfig.DefaultProviderName))
        {
            providers[EvalConfig.DefaultProviderName] = new ProviderConfig { Name = EvalConfig.DefaultProviderName, Type = ProviderConfig.Replay };
        }

        return providers;
    }

    private static ProviderConfig? ReadProvider(NodeReader reader, string name, YNode node)
    {
        var path = $"providers.{name}";
        if (node is YScalar { IsNull: false } shorthand)
        {
            // "openai: { type: openai }" may be written "openai: openai"... but a bare value is more often a pasted key.
            if (LooksLikeKey.IsMatch(shorthand.Value.Trim()) && !ProviderConfig.Types.Contains(shorthand.Value.Trim()))
            {
                reader.Report(EvalDiagnosticCodes.InlineSecret, shorthand, $"'{path}' looks like an API key written into the config (value not shown). Remove it, rotate the key if it was committed, and write '{path}: {{ type: <type>, api_key_env: MY_API_KEY }}'.");
                return null;
            }

            reader.Report(EvalDiagnosticCodes.InvalidValue, shorthand, $"'{path}' must be a mapping such as {{ type: openai, api_key_env: OPENAI_API_KEY }}.");
            return null;
        }

        if (reader.Mapping(node, path) is not { } mapping)
        {
            return null;
        }

        var before = reader.Diagnostics.Count;
        CheckSecrets(reader, mapping, path);
        reader.CheckKeys(mapping, path, ProviderKeys, IsSecretKey);

        var typeNode = reader.Get(mapping, "type");
        var type = reader.Text(typeNode, path + ".type", required: true, parent: mapping);
        if (type is not null && !ProviderConfig.Types.Contains(type))
        {
            var suggestion = NodeReader.Suggest(type, ProviderConfig.Types);
            reader.Report(EvalDiagnosticCodes.UnknownProvider, typeNode!,
                $"Unknown provider type '{NodeReader.Clip(type)}' at '{path}.type'. " + (suggestion is null ? string.Empty : $"Did you mean '{suggestion}'? ") + $"Use one of: {string.Join(", ", ProviderConfig.Types)}.");
            type = null;
        }

        var keyEnvNode = reader.Get(mapping, "api_key_env");
        var keyEnv = reader.Text(keyEnvNode, path + ".api_key_env");
        if (keyEnv is not null)
        {
            if (LooksLikeKey.IsMatch(keyEnv) && !EnvVarName.IsMatch(keyEnv))
            {
                reader.Report(EvalDiagnosticCodes.InlineSecret, keyEnvNode!, $"'{path}.api_key_env' holds what looks like the key itself (value not shown), not the name of an environment variable. Remove it, rotate the key if it was committed, and write the variable's name, e.g. 'api_key_env: OPENAI_API_KEY'.");
                keyEnv = null;
            }
            else if (!EnvVarName.IsMatch(keyEnv))
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, keyEnvNode!, $"'{path}.api_key_env' must be the name of an environment variable (letters, digits and '_', not starting with a digit), e.g. OPENAI_API_KEY.");
                keyEnv = null;
            }
        }

        var baseUrlNode = reader.Get(mapping, "base_url");
        var baseUrl = reader.Text(baseUrlNode, path + ".base_url");
        if (baseUrl is not null)
        {
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                reader.Report(EvalDiagnosticCodes.InvalidValue, baseUrlNode!, $"'{path}.base_url' must be an absolute URL. Write it with http:// or https://, e.g. http://localhost:11434/v1.");
                baseUrl = null;
            }
            else if (uri.UserInfo.Length > 0 || Regex.IsMatch(uri.Query, "(?i)(api[-_]?key|token|secret|password|sig)="))
            {
                reader.Report(EvalDiagnosticCodes.InlineSecret, baseUrlNode!, $"'{path}.base_url' carries credentials (value not shown). Remove them from the URL, rotate them if they were committed, and use 'api_key_env'.");
                baseUrl = null;
            }
        }

        if (type is ProviderConfig.OpenAICompatible or ProviderConfig.AzureOpenAI && baseUrl is null && NodeReader.IsUnset(baseUrlNode))
        {
            reader.Report(EvalDiagnosticCodes.MissingKey, typeNode ?? mapping, $"A '{type}' provider needs 'base_url' ({(type == ProviderConfig.AzureOpenAI ? "https://<resource>.openai.azure.com" : "e.g. http://localhost:11434/v1")}). Add it to '{path}'.");
        }

        if (type == ProviderConfig.Replay)
        {
            foreach (var entry in mapping.Entries.Where(e => e.Key.Value != "type" && ProviderKeys.Contains(e.Key.Value)))
            {
                reader.Report(EvalDiagnosticCodes.UnknownKey, entry.Key, $"A replay provider only reads cassettes and takes no '{entry.Key.Value}'. Remove it.");
            }
        }

        if (type is not ProviderConfig.AzureOpenAI && type is not null)
        {
            foreach (var key in new[] { "api_version", "deployments" })
            {
                if (reader.KeyOf(mapping, key) is { } azureOnly)
                {
                    reader.Report(EvalDiagnosticCodes.UnknownKey, azureOnly, $"'{key}' applies only to azure-openai providers. Remove it from '{path}', or set 'type: azure-openai'.");
                }
            }
        }

        var deployments = new Dictionary<string, string>(StringComparer.Ordinal);
        var deploymentsNode = reader.Get(mapping, "deployments");
        if (!NodeReader.IsUnset(deploymentsNode) && reader.Mapping(deploymentsNode!, path + ".deployments") is { } deploymentMap)
        {
            foreach (var entry in deploymentMap.Entries)
            {
                if (reader.Text(entry.Value, $"{path}.deployments.{entry.Key.Value}", required: true, parent: entry.Key) is { } deployment)
                {
                    deployments[entry.Key.Value] = deployment;
                }
            }
        }

        var apiVersion = reader.Text(reader.Get(mapping, "api_version"), path + ".api_version");
        var timeout = reader.Integer(reader.Get(mapping, "timeout_seconds"), path + ".timeout_seconds", 1, 3600);
        var retries = reader.Integer(reader.Get(mapping, "max_retries"), path + ".max_retries", 0, 10);
        if (reader.Diagnostics.Count > before || type is null)
        {
            return null;
        }

        return new ProviderConfig
        {
            Name = name,
            Type = type,
            ApiKeyEnv = keyEnv,
            BaseUrl = baseUrl,
            ApiVersion = apiVersion,
            Deployments = deployments,
            TimeoutSeconds = (int)(timeout ?? 60),
            MaxRetries = (int)(retries ?? 2),
        };
    }

    private static JudgeConfig? ReadJudge(NodeReader reader, YNode? node, Dictionary<string, ProviderConfig> providers)
    {
        if (NodeReader.IsUnset(node) || reader.Mapping(node!, "judge") is not { } mapping)
        {
            return null;
        }

        CheckSecrets(reader, mapping, "judge");
        reader.CheckKeys(mapping, "judge", JudgeKeys, IsSecretKey);
        var model = reader.Text(reader.Get(mapping, "model"), "judge.model", required: true, parent: mapping);
        if (model is not null && (model.Trim().Length == 0 || model.Any(char.IsWhiteSpace)))
        {
            reader.Report(EvalDiagnosticCodes.InvalidValue, reader.Get(mapping, "model")!, "'judge.model' must be a model id without spaces, pinned to a dated snapshot (e.g. gpt-4o-mini-2024-07-18).");
            model = null;
        }

        var providerNode = reader.Get(mapping, "provider");
        var provider = reader.Text(providerNode, "judge.provider");
        if (provider is not null && !providers.ContainsKey(provider))
        {
            var suggestion = NodeReader.Suggest(provider, providers.Keys);
            reader.Report(EvalDiagnosticCodes.UnknownProvider, providerNode!,
                $"'judge.provider' names '{NodeReader.Clip(provider)}', which 'providers' does not define. " + (suggestion is null ? string.Empty : $"Did you mean '{suggestion}'? ") + $"Use one of: {string.Join(", ", providers.Keys)}, or add it under 'providers'.");
        }

        var rubric = reader.Text(reader.Get(mapping, "rubric_default"), "judge.rubric_default");
        var threshold = reader.Number(reader.Get(mapping, "pass_threshold"), "judge.pass_threshold", 0, 1);
        return model is null ? null : new JudgeConfig
        {
            Model = model,
            Provider = provider ?? EvalConfig.DefaultProviderName,
            RubricDefault = rubric,
            PassThreshold = threshold ?? JudgeConfig.DefaultPassThreshold,
        };
    }

    private static GateConfig ReadGate(NodeReader reader, YNode? node)
    {
        var defaults = new GateConfig();
        if (NodeReader.IsUnset(node) || reader.Mapping(node!, "gate") is not { } mapping)
        {
            return defaults;
        }

        reader.CheckKeys(mapping, "gate", GateKeys);
        var rules = ReadRules(reader, mapping, "gate");
        return new GateConfig
        {
            Quality = rules.Quality is { } q ? new QualityGate { MinPassRate = q.MinPassRate, MaxDrop = q.MaxDrop ?? defaults.Quality.MaxDrop, Level = q.Level ?? GateLevel.Fail } : defaults.Quality,
            Cost = rules.Cost is { } c ? new CostGate { MaxIncreasePercent = c.MaxIncreasePercent ?? defaults.Cost.MaxIncreasePercent, Level = c.Level ?? GateLevel.Fail } : defaults.Cost,
            Latency = rules.Latency is { } l ? new LatencyGate { MaxP95IncreasePercent = l.MaxP95IncreasePercent ?? defaults.Latency.MaxP95IncreasePercent, Level = l.Level ?? GateLevel.Warn } : defaults.Latency,
            Errored = ReadErrored(reader, reader.Get(mapping, "errored"), defaults.Errored),
            PerPrompt = ReadOverrides(reader, reader.Get(mapping, "per_prompt"), "gate.per_prompt"),
            PerTag = ReadOverrides(reader, reader.Get(mapping, "per_tag"), "gate.per_tag"),
        };
    }

    /// <summary><c>gate.errored</c>: the share of cases (per prompt and variant) allowed to error before the run counts as not run.</summary>
    private static ErroredGate ReadErrored(NodeReader reader, YNode? node, ErroredGate defaults)
    {
        if (NodeReader.IsUnset(node) || reader.Mapping(node!, "gate.errored") is not { } mapping)
        {
            return defaults;
        }

        reader.CheckKeys(mapping, "gate.errored", ErroredKeys);
        return new ErroredGate
        {
            MaxRate = reader.Number(reader.Get(mapping, "max_rate"), "gate.errored.max_rate", 0, 1) ?? defaults.MaxRate,
            Level = Level(reader, reader.Get(mapping, "level"), "gate.errored.level") ?? defaults.Level,
        };
    }

    private static Dictionary<string, GateRules> ReadOverrides(NodeReader reader, YNode? node, string path)
    {
        var result = new Dictionary<string, GateRules>(StringComparer.Ordinal);
        if (NodeReader.IsUnset(node) || reader.Mapping(node!, path) is not { } mapping)
        {
            return result;
        }

        foreach (var entry in mapping.Entries)
        {
            var childPath = $"{path}.{entry.Key.Value}";
            if (NodeReader.IsUnset(entry.Value) || reader.Mapping(entry.Value, childPath) is not { } child)
            {
                continue;
            }

            reader.CheckKeys(child, childPath, RuleKeys);
            result[entry.Key.Value] = ReadRules(reader, child, childPath);
        }

        return result;
    }

    private static GateRules ReadRules(NodeReader reader, YMapping mapping, string path)
    {
        QualityGate? quality = null;
        CostGate? cost = null;
        LatencyGate? latency = null;
        var qualityNode = reader.Get(mapping, "quality");
        if (!NodeReader.IsUnset(qualityNode) && reader.Mapping(qualityNode!, path + ".quality") is { } q)
        {
            reader.CheckKeys(q, path + ".quality", QualityKeys);
            quality = new QualityGate
            {
                MinPassRate = reader.Number(reader.Get(q, "min_pass_rate"), path + ".quality.min_pass_rate", 0, 1),
                MaxDrop = reader.Number(reader.Get(q, "max_drop"), path + ".quality.max_drop", 0, 1),
                Level = Level(reader, reader.Get(q, "level"), path + ".quality.level"),
            };
        }

        var costNode = reader.Get(mapping, "cost");
        if (!NodeReader.IsUnset(costNode) && reader.Mapping(costNode!, path + ".cost") is { } c)
        {
            reader.CheckKeys(c, path + ".cost", CostKeys);
            cost = new CostGate
            {
                MaxIncreasePercent = reader.Number(reader.Get(c, "max_increase_percent"), path + ".cost.max_increase_percent", 0, 1e6),
                Level = Level(reader, reader.Get(c, "level"), path + ".cost.level"),
            };
        }

        var latencyNode = reader.Get(mapping, "latency");
        if (!NodeReader.IsUnset(latencyNode) && reader.Mapping(latencyNode!, path + ".latency") is { } l)
        {
            reader.CheckKeys(l, path + ".latency", LatencyKeys);
            latency = new LatencyGate
            {
                MaxP95IncreasePercent = reader.Number(reader.Get(l, "max_p95_increase_percent"), path + ".latency.max_p95_increase_percent", 0, 1e6),
                Level = Level(reader, reader.Get(l, "level"), path + ".latency.level"),
            };
        }

        return new GateRules { Quality = quality, Cost = cost, Latency = latency };
    }

    private static GateLevel? Level(NodeReader reader, YNode? node, string path) =>
        reader.Choice(node, path, Levels) switch
        {
            "fail" => GateLevel.Fail,
            "warn" => GateLevel.Warn,
            "off" => GateLevel.Off,
            _ => null,
        };
}
