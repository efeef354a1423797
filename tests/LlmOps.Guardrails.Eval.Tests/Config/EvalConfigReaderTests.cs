using System.Text.Json;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Tests.Config;

public class EvalConfigReaderTests
{
    private const string Full = """
        prompts: ["prompts/*.prompt.yaml", "more/**/*.prompt.yaml"]
        datasets:
          classify-ticket: datasets/classify-ticket.jsonl
          "*": "datasets/{id}.csv"
        providers:
          default: { type: replay }
          openai: { type: openai, api_key_env: OPENAI_API_KEY }
          local: { type: openai-compatible, base_url: "http://localhost:11434/v1", api_key_env: OLLAMA_KEY }
          azure: { type: azure-openai, base_url: "https://x.openai.azure.com", api_version: 2024-10-21, deployments: { gpt-4o-2024-08-06: prod-4o } }
        cassettes: .llmops/cassettes
        judge: { model: gpt-4o-mini-2024-07-18, provider: openai, rubric_default: "Correct.", pass_threshold: 0.8 }
        scorers: [is-json, { type: cost-max, value: 0.002 }]
        repeats: 3
        concurrency: 8
        gate:
          quality: { min_pass_rate: 0.8, max_drop: 0.05, level: fail }
          cost:    { max_increase_percent: 10, level: fail }
          latency: { max_p95_increase_percent: 25, level: warn }
          per_prompt: { classify-ticket: { quality: { min_pass_rate: 0.9 } } }
          per_tag: { critical: { quality: { max_drop: 0 } } }
        """;

    private static EvalConfigResult Read(string text) => EvalConfigReader.Read("/repo/llmops.eval.yaml", text, checkFiles: false);

    [Fact]
    public void Reads_every_key_of_the_documented_example()
    {
        var result = Read(Full);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var config = result.Config!;
        Assert.Equal(new[] { "prompts/*.prompt.yaml", "more/**/*.prompt.yaml" }, config.Prompts);
        Assert.Equal("datasets/classify-ticket.jsonl", config.Datasets["classify-ticket"]);
        Assert.Equal("datasets/{id}.csv", config.DefaultDataset);
        Assert.EndsWith(Path.Combine("datasets", "other.csv"), config.ResolveDataset("other"));
        Assert.Equal(4, config.Providers.Count);
        Assert.Equal("OPENAI_API_KEY", config.Providers["openai"].ApiKeyEnv);
        Assert.Equal("http://localhost:11434/v1", config.Providers["local"].BaseUrl);
        Assert.Equal("prod-4o", config.Providers["azure"].Deployments["gpt-4o-2024-08-06"]);
        Assert.Equal("2024-10-21", config.Providers["azure"].ApiVersion);
        Assert.Equal("gpt-4o-mini-2024-07-18", config.Judge!.Model);
        Assert.Equal(0.8, config.Judge.PassThreshold);
        Assert.Equal(2, config.Scorers.Count);
        Assert.Equal("0.002", config.Scorers[1].Value);
        Assert.Equal(3, config.Repeats);
        Assert.Equal(8, config.Concurrency);
        Assert.Equal(0.9, config.Gate.QualityFor("classify-ticket").MinPassRate);
        Assert.Equal(0.05, config.Gate.QualityFor("classify-ticket").MaxDrop);
        Assert.Equal(0.8, config.Gate.QualityFor("other").MinPassRate);
        Assert.Equal(0, config.Gate.QualityForTag("classify-ticket", "critical").MaxDrop);
        Assert.Equal(0.9, config.Gate.QualityForTag("classify-ticket", "critical").MinPassRate);
        Assert.Equal(GateLevel.Warn, config.Gate.Latency.Level);
    }

    [Fact]
    public void Default_model_is_read_and_blank_means_none()
    {
        Assert.Equal("gpt-4o-2024-08-06", Read("default_model: gpt-4o-2024-08-06\n").Config!.DefaultModel);
        Assert.Null(Read("default_model: \"  \"\n").Config!.DefaultModel);
        Assert.Null(Read("repeats: 2\n").Config!.DefaultModel);
    }

    [Fact]
    public void An_empty_mapping_gives_the_defaults()
    {
        var result = Read("cassettes: ~\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var config = result.Config!;
        Assert.Equal(EvalConfig.DefaultRepeats, config.Repeats);
        Assert.Equal(EvalConfig.DefaultConcurrency, config.Concurrency);
        Assert.Equal(EvalConfig.DefaultCassettes, config.Cassettes);
        Assert.Equal(ProviderConfig.Replay, config.Providers["default"].Type);
        Assert.Null(config.Judge);
        Assert.Equal(GateLevel.Fail, config.Gate.Quality.Level);
    }

    [Fact]
    public void Inline_api_key_is_reported_without_the_secret()
    {
        const string secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        var result = Read($"providers:\n  openai:\n    type: openai\n    api_key: {secret}\n");
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(EvalDiagnosticCodes.InlineSecret, diagnostic.Code);
        Assert.Equal((4, 5), (diagnostic.Line, diagnostic.Column));
        Assert.DoesNotContain(secret, diagnostic.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghij", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("api_key_env: OPENAI_API_KEY", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(result.Config);
    }

    [Fact]
    public void Unknown_key_suggests_the_closest()
    {
        var diagnostic = Assert.Single(Read("concurency: 4\n").Diagnostics);
        Assert.Equal("LLME104", diagnostic.Code);
        Assert.Contains("Did you mean 'concurrency'?", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_provider_type_suggests_the_closest()
    {
        var diagnostic = Assert.Single(Read("providers:\n  x: { type: anthropik }\n").Diagnostics);
        Assert.Equal("LLME106", diagnostic.Code);
        Assert.Equal((2, 14), (diagnostic.Line, diagnostic.Column));
        Assert.Contains("'anthropic'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_every_problem_in_file_order()
    {
        var result = Read("repeats: 0\nconcurrency: -1\nfoo: 1\n");
        Assert.Equal(new[] { "LLME103", "LLME103", "LLME104" }, result.Diagnostics.Select(d => d.Code));
        Assert.Equal(new[] { 1, 2, 3 }, result.Diagnostics.Select(d => d.Line));
    }

    [Fact]
    public void The_errored_gate_defaults_to_no_errored_case_at_fail_and_reads_its_keys()
    {
        var defaults = Read("prompts: [\"p/*.prompt.yaml\"]\n").Config!;
        Assert.Equal(0, defaults.Gate.Errored.MaxRate);
        Assert.Equal(GateLevel.Fail, defaults.Gate.Errored.Level);

        var config = Read("gate:\n  errored: { max_rate: 0.1, level: warn }\n").Config!;
        Assert.Equal(0.1, config.Gate.Errored.MaxRate);
        Assert.Equal(GateLevel.Warn, config.Gate.Errored.Level);

        var bad = Assert.Single(Read("gate:\n  errored: { max_rate: 2, levle: warn }\n").Diagnostics.Take(1));
        Assert.Equal("LLME103", bad.Code);
        Assert.Equal(2, bad.Line);
    }

    [Fact]
    public void Tab_indentation_points_at_the_tab()
    {
        var diagnostic = Assert.Single(Read("gate:\n  quality:\n\t  max_drop: 0.1\n").Diagnostics);
        Assert.Equal("LLME101", diagnostic.Code);
        Assert.Contains("tab", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(3, diagnostic.Line);
    }

    [Fact]
    public void Dataset_paths_are_checked_relative_to_the_config()
    {
        var folder = Directory.CreateTempSubdirectory("llmops-config-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "datasets"));
            File.WriteAllText(Path.Combine(folder, "datasets", "a.jsonl"), "{\"id\": \"1\"}\n");
            var path = Path.Combine(folder, "llmops.eval.yaml");
            File.WriteAllText(path, "datasets:\n  a: datasets/a.jsonl\n  b: datasets/b.jsonl\n");
            var diagnostic = Assert.Single(EvalConfigReader.ReadFile(path).Diagnostics);
            Assert.Equal("LLME108", diagnostic.Code);
            Assert.Equal((3, 6), (diagnostic.Line, diagnostic.Column));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Config_larger_than_the_limit_is_refused_before_parsing()
    {
        var text = "# " + new string('x', (int)EvalConfigReader.MaxBytes) + "\n";
        var diagnostic = Assert.Single(Read(text).Diagnostics);
        Assert.Equal("LLME109", diagnostic.Code);
        Assert.Contains("limit", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_reader_agree_on_the_keys()
    {
        var schemaPath = Path.Combine(RepositoryRoot(), "eval-runner", "LlmOps.Guardrails.Eval", "Config", "llmops.eval.schema.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var root = schema.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(EvalConfigReader.TopKeys.OrderBy(k => k), Keys(root.GetProperty("properties")));
        var defs = root.GetProperty("$defs");
        Assert.Equal(EvalConfigReader.ProviderKeys.OrderBy(k => k), Keys(defs.GetProperty("provider").GetProperty("properties")));
        Assert.Equal(EvalConfigReader.JudgeKeys.OrderBy(k => k), Keys(root.GetProperty("properties").GetProperty("judge").GetProperty("properties")));
        Assert.Equal(EvalConfigReader.QualityKeys.OrderBy(k => k), Keys(defs.GetProperty("quality").GetProperty("properties")));
        Assert.Equal(EvalConfigReader.CostKeys.OrderBy(k => k), Keys(defs.GetProperty("cost").GetProperty("properties")));
        Assert.Equal(EvalConfigReader.LatencyKeys.OrderBy(k => k), Keys(defs.GetProperty("latency").GetProperty("properties")));
        var types = defs.GetProperty("assertion").GetProperty("oneOf")[1].GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);
        Assert.Equal(AssertionTypes.All.OrderBy(t => t), types.OrderBy(t => t));
    }

    private static IEnumerable<string> Keys(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).OrderBy(k => k);

    internal static string RepositoryRoot() => LlmOps.Guardrails.Tests.Shared.RepositoryFolder.Root;
}
