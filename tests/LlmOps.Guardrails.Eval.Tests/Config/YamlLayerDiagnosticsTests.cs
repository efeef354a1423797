using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Eval.Tests.Config;

/// <summary>
/// The eval config and YAML datasets report Core's shared YAML checks once, at the same place as every other reader,
/// in the LLME family: syntax and nesting LLME101, a repeated key LLME103, more than 100,000 nodes LLME109.
/// </summary>
public class YamlLayerDiagnosticsTests
{
    public static TheoryData<string> HostileCases() => new(HostileYaml.All.Select(c => c.Name));

    private static string Code(HostileYaml.Case hostile) =>
        hostile == HostileYaml.LargeDocument || hostile == HostileYaml.AliasBomb ? EvalDiagnosticCodes.UnreadableFile : EvalDiagnosticCodes.InvalidYaml;

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void The_config_reports_one_LLME_diagnostic_at_the_spot(string name)
    {
        var hostile = HostileYaml.All.Single(c => c.Name == name);

        var result = EvalConfigReader.Read("llmops.eval.yaml", hostile.Text, checkFiles: false);

        Assert.Null(result.Config);
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"llmops.eval.yaml({hostile.Line},{hostile.Column}): error {Code(hostile)}: ", d.ToString(), StringComparison.Ordinal);
        Assert.Contains(hostile.MessagePart, d.Message, StringComparison.Ordinal);
        Assert.True(CorpusAssert.HasFixHint(d.Message), d.Message);
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void A_yaml_dataset_reports_one_LLME_diagnostic_at_the_spot(string name)
    {
        var hostile = HostileYaml.All.Single(c => c.Name == name);

        var result = DatasetReader.Read("cases.yaml", hostile.Text);

        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith($"cases.yaml({hostile.Line},{hostile.Column}): error {Code(hostile)}: ", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_key_is_LLME103_where_it_is_repeated()
    {
        var config = Assert.Single(EvalConfigReader.Read("llmops.eval.yaml", "repeats: 1\nconcurrency: 2\nrepeats: 3\n", checkFiles: false).Diagnostics);
        var dataset = Assert.Single(DatasetReader.Read("cases.yaml", "- id: a\n  vars: {x: 1, x: 2}\n").Diagnostics);

        Assert.StartsWith("llmops.eval.yaml(3,1): error LLME103: Duplicate key 'repeats' (first written at line 1)", config.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("cases.yaml(2,16): error LLME103: Duplicate key 'x' (first written at line 2)", dataset.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_keep_the_same_nesting_limit_as_yaml()
    {
        var deep = new string('[', 70) + new string(']', 70);

        var d = Assert.Single(DatasetReader.Read("cases.jsonl", "{\"id\": \"a\", \"vars\": {\"x\": " + deep + "}}\n").Diagnostics);

        Assert.Equal(EvalDiagnosticCodes.InvalidJson, d.Code);
        Assert.Contains("64", d.Message, StringComparison.Ordinal);
    }
}
