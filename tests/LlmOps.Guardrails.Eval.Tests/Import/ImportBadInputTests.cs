using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Import;
using LlmOps.Guardrails.Eval.Tests.Config;

namespace LlmOps.Guardrails.Eval.Tests.Import;

/// <summary>
/// Each folder of Import/BadInput is a promptfoo config that cannot be imported; its name starts with the code the
/// first error must carry. The import exits 3, prints file(line,col): error CODE with what to do, and writes nothing.
/// </summary>
public sealed class ImportBadInputTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "llmops-import-bad-" + Guid.NewGuid().ToString("N"));

    public static IEnumerable<object[]> Configs() =>
        Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Import", "BadInput", "Corpus"))
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    [Theory]
    [MemberData(nameof(Configs))]
    public void Bad_config_is_refused_at_its_position_with_its_code_and_nothing_is_written(string name)
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Import", "BadInput", "Corpus", name, "promptfooconfig.yaml");
        var read = PromptfooConfigReader.ReadFile(config);
        Assert.Null(read.Suite);
        CorpusAssert.Check(name, read.Diagnostics);

        var (exitCode, output, error) = CliRunner.Run("import", "promptfoo", config, "--out", _out);
        Assert.Equal(ExitCodes.CouldNotRun, exitCode);
        var code = Regex.Match(name, "^LLME[0-9]{3}").Value;
        Assert.Matches(@"\.(yaml|csv|json|jsonl)\(\d+,\d+\): error " + code + ": ", error);
        Assert.Contains("nothing was written", error);
        Assert.DoesNotContain("wrote ", output);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public void A_missing_config_exits_3_naming_the_path()
    {
        var missing = Path.Combine(_out, "nowhere", "promptfooconfig.yaml");
        var (exitCode, _, error) = CliRunner.Run("import", "promptfoo", missing);
        Assert.Equal(ExitCodes.CouldNotRun, exitCode);
        Assert.Contains("error LLME109", error);
        Assert.Contains("promptfooconfig.yaml", error);
    }

    [Fact]
    public void A_missing_tests_file_is_reported_at_the_reference()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Import", "BadInput", "Corpus", "LLME124-missing-tests-in-list", "promptfooconfig.yaml");
        var first = PromptfooConfigReader.ReadFile(config).Diagnostics[0];
        Assert.Equal((4, 5), (first.Line, first.Column));
        Assert.Equal(config, first.File);
        Assert.Contains("more.yaml", first.Message);
    }

    [Fact]
    public void Problems_inside_a_tests_file_are_reported_in_that_file_at_their_line()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Import", "BadInput", "Corpus");
        var jsonl = PromptfooConfigReader.ReadFile(Path.Combine(folder, "LLME124-jsonl-line-not-object", "promptfooconfig.yaml")).Diagnostics[0];
        Assert.Equal((Path.Combine(folder, "LLME124-jsonl-line-not-object", "tests.jsonl"), 2, 1), (jsonl.File, jsonl.Line, jsonl.Column));

        var varFile = PromptfooConfigReader.ReadFile(Path.Combine(folder, "LLME124-missing-var-file", "promptfooconfig.yaml")).Diagnostics[0];
        Assert.Equal((Path.Combine(folder, "LLME124-missing-var-file", "cases.yaml"), 3, 14), (varFile.File, varFile.Line, varFile.Column));
        Assert.Contains("articles/missing.txt", varFile.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }
}
