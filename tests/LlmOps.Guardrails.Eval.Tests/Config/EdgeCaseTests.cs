using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Tests.Config;

public class EdgeCaseTests
{
    [Theory]
    [InlineData("prompts/*.prompt.yaml", "prompts/a.prompt.yaml", true)]
    [InlineData("prompts/*.prompt.yaml", "prompts/sub/a.prompt.yaml", false)]
    [InlineData("prompts/**/*.prompt.yaml", "prompts/a.prompt.yaml", true)]
    [InlineData("prompts/**/*.prompt.yaml", "prompts/x/y/a.prompt.yaml", true)]
    [InlineData("p?.yaml", "p1.yaml", true)]
    [InlineData("p?.yaml", "p12.yaml", false)]
    public void Glob_matching(string pattern, string path, bool expected) =>
        Assert.Equal(expected, PromptGlob.IsMatch(pattern, path));

    [Fact]
    public void Prompt_globs_resolve_relative_to_the_config()
    {
        var folder = Directory.CreateTempSubdirectory("llmops-glob-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "prompts", "sub"));
            File.WriteAllText(Path.Combine(folder, "prompts", "a.prompt.yaml"), "id: a");
            File.WriteAllText(Path.Combine(folder, "prompts", "sub", "b.prompt.yaml"), "id: b");
            File.WriteAllText(Path.Combine(folder, "prompts", "notes.md"), "x");
            var config = EvalConfigReader.Read(Path.Combine(folder, "llmops.eval.yaml"), "prompts: \"prompts/**/*.prompt.yaml\"\n").Config!;
            Assert.Equal(2, config.ResolvePromptFiles().Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Anchors_and_aliases_are_allowed()
    {
        var result = EvalConfigReader.Read("c.yaml", "x_rule: &strict { quality: { max_drop: 0 } }\n", checkFiles: false);
        Assert.Equal("LLME104", result.Diagnostics[0].Code);
        var ok = EvalConfigReader.Read("c.yaml", "gate:\n  per_tag:\n    critical: &strict { quality: { max_drop: 0 } }\n    security: *strict\n", checkFiles: false);
        Assert.True(ok.Succeeded, string.Join("\n", ok.Diagnostics));
        Assert.Equal(0, ok.Config!.Gate.PerTag["security"].Quality!.MaxDrop);
    }

    [Fact]
    public void Csv_with_only_a_header_is_an_empty_dataset()
    {
        Assert.Equal("LLME114", Assert.Single(DatasetReader.Read("a.csv", "id,ticket\r\n").Diagnostics).Code);
    }

    [Fact]
    public void Yaml_dataset_with_crlf_reads()
    {
        var result = DatasetReader.Read("a.yaml", "- id: a\r\n  vars:\r\n    ticket: |\r\n      two\r\n      lines\r\n");
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("two\nlines\n", result.Dataset!.Cases[0].Variables["ticket"]);
    }

    [Fact]
    public void Diagnostic_text_is_msbuild_style()
    {
        var diagnostic = new EvalDiagnostic("LLME103", "Fix it.", "a.yaml", 3, 7);
        Assert.Equal("a.yaml(3,7): error LLME103: Fix it.", diagnostic.ToString());
    }

    [Fact]
    public void Many_bad_lines_stop_at_the_diagnostic_cap()
    {
        var text = string.Concat(Enumerable.Repeat("{bad\n", 1000));
        Assert.Equal(DatasetReader.MaxDiagnostics, DatasetReader.Read("a.jsonl", text).Diagnostics.Count);
    }
}
