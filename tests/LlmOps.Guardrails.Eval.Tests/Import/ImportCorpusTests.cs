using System.IO;
using System.Linq;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Import;

namespace LlmOps.Guardrails.Eval.Tests.Import;

/// <summary>
/// Each folder of Import/Corpus is a promptfoo suite with a hand-written expected.txt: the exit code, then one line per
/// prompt, provider and assertion (mapped, disabled or refused) in report order. The import must match it exactly, and
/// everything it writes must be read back cleanly by the native readers.
/// </summary>
public sealed class ImportCorpusTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "llmops-import-" + Guid.NewGuid().ToString("N"));

    public static IEnumerable<object[]> Suites() =>
        Directory.GetDirectories(Path.Combine(AppContext.BaseDirectory, "Import", "Corpus"))
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    [Fact]
    public void Corpus_has_at_least_twenty_suites() => Assert.True(Suites().Count() >= 20);

    [Theory]
    [MemberData(nameof(Suites))]
    public void Import_report_matches_the_hand_written_expectation(string suite)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", suite);
        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt")).Where(l => l.Length > 0).ToList();
        var config = Path.Combine(folder, "promptfooconfig.yaml");

        var (exitCode, output, error) = CliRunner.Run("import", "promptfoo", config, "--out", _out);
        var read = PromptfooConfigReader.ReadFile(config);

        Assert.True(read.Suite is not null, string.Join("\n", read.Diagnostics));
        Assert.Equal(expected.Skip(1).ToList(), ImportReport.Lines(read.Suite!).ToList());
        Assert.True(expected[0] == $"exit {exitCode}", $"expected {expected[0]}, got exit {exitCode}\n{output}{error}");
        Assert.Equal(string.Empty, error);
        Assert.Contains(ImportReport.Summary(read.Suite!), output);
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Everything_written_is_read_back_by_the_native_readers(string suite)
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", suite, "promptfooconfig.yaml");
        CliRunner.Run("import", "promptfoo", config, "--out", _out);

        var evalConfig = EvalConfigReader.ReadFile(Path.Combine(_out, "llmops.eval.yaml"));
        Assert.True(evalConfig.Config is not null, string.Join("\n", evalConfig.Diagnostics));
        // A suite without tests writes empty datasets, which the native reader refuses; the report says so.
        var noTests = File.ReadAllText(Path.Combine(Path.GetDirectoryName(config)!, "expected.txt")).Contains("refused config tests", StringComparison.Ordinal);
        foreach (var dataset in Directory.GetFiles(Path.Combine(_out, "datasets")))
        {
            var data = DatasetReader.ReadFile(dataset);
            if (noTests) Assert.Equal("LLME114", Assert.Single(data.Diagnostics).Code);
            else Assert.True(data.Succeeded, string.Join("\n", data.Diagnostics));
        }

        var promptFolder = Path.Combine(_out, "prompts");
        foreach (var prompt in Directory.Exists(promptFolder) ? Directory.GetFiles(promptFolder) : Array.Empty<string>())
        {
            var read = PromptFileReader.ReadFile(prompt);
            Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        }

        var report = File.ReadAllText(Path.Combine(_out, ImportReport.FileName));
        Assert.StartsWith("# promptfoo import report", report, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_out, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_var_the_test_does_not_set_is_written_empty_as_promptfoo_renders_it()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Import", "Corpus", "26-unset-var-renders-empty", "promptfooconfig.yaml");
        CliRunner.Run("import", "promptfoo", config, "--out", _out);
        var only = Assert.Single(DatasetReader.ReadFile(Path.Combine(_out, "datasets", "prompt-1.jsonl")).Dataset!.Cases);
        Assert.Equal(string.Empty, only.Variables["title"]);
        Assert.Equal("Lee", only.Variables["name"]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }
}
