using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Tests.Config;
using LlmOps.Guardrails.Eval.Tests.Execution;

using static LlmOps.Guardrails.Eval.Tests.Execution.CompareFixtures;

namespace LlmOps.Guardrails.Eval.Tests.BadInput;

/// <summary>
/// The malformed config and dataset corpora through the real `dotnet eval compare` command line: each exits 3, prints
/// file(line,col), its code and a message with a fix hint on stderr, and leaves the previous run's outputs exactly as they were (nothing
/// half-written, no temp file left).
/// </summary>
public sealed class BadInputCompareTests
{
    private const string PreviousResults = "{\"schema\": 1, \"previous\": true}\n";

    public static IEnumerable<object[]> BadConfigs() =>
        CorpusAssert.Files("Config", name => name.StartsWith("LLME", StringComparison.Ordinal) && name.EndsWith(".llmops.eval.yaml", StringComparison.Ordinal));

    public static IEnumerable<object[]> BadDatasets() =>
        CorpusAssert.Files("Datasets", name => name.StartsWith("LLME", StringComparison.Ordinal));

    [Fact]
    public void The_corpora_hold_at_least_30_malformed_files()
    {
        Assert.True(BadConfigs().Count() + BadDatasets().Count() >= 30);
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_malformed_config_exits_3_with_its_position_and_removes_the_previous_results(string fileName)
    {
        using var repo = new TempGitRepo();
        File.Copy(CorpusAssert.Path("Config", fileName), repo.ConfigPath);
        repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        repo.Write("datasets/classify.jsonl", Dataset("refund-1"));
        repo.Write("out/results.json", PreviousResults);
        repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", repo.ConfigPath, "--baseline", "HEAD", "--offline", "--out", repo.PathOf("out"));

        AssertRejected(result, "llmops.eval.yaml", fileName, repo);
    }

    [Theory]
    [MemberData(nameof(BadDatasets))]
    public void A_malformed_dataset_exits_3_with_its_position_and_removes_the_previous_results(string fileName)
    {
        using var repo = new TempGitRepo();
        string extension = Path.GetExtension(fileName);
        repo.Write("llmops.eval.yaml", $"prompts: [\"prompts/*.prompt.yaml\"]\ndatasets: \"datasets/{{id}}{extension}\"\n");
        repo.Write("prompts/classify.prompt.yaml", Prompt("classify", ShortSystem));
        Directory.CreateDirectory(repo.PathOf("datasets"));
        File.Copy(CorpusAssert.Path("Datasets", fileName), repo.PathOf("datasets/classify" + extension));
        repo.Write("out/results.json", PreviousResults);
        repo.CommitAll("base");

        var result = CliRunner.Run("compare", "--config", repo.ConfigPath, "--baseline", "HEAD", "--offline", "--out", repo.PathOf("out"));

        AssertRejected(result, "classify" + extension, fileName, repo);
    }

    private static void AssertRejected((int ExitCode, string Output, string Error) result, string badFile, string corpusName, TempGitRepo repo)
    {
        string expectedCode = Regex.Match(corpusName, "^LLME[0-9]{3}").Value;
        Assert.True(result.ExitCode == 3, $"{corpusName}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        var position = new Regex(Regex.Escape(badFile) + @"\((\d+),(\d+)\): error " + expectedCode + ": (?<message>[^\r\n]*)");
        var diagnostic = position.Match(result.Error);
        Assert.True(diagnostic.Success, $"{corpusName}: expected '{badFile}(line,col): error {expectedCode}: …' on stderr, got:\n{result.Error}");
        string message = diagnostic.Groups["message"].Value;
        Assert.True(CorpusAssert.HasFixHint(message), $"{corpusName}: no fix hint in '{message}'");

        // Nothing half-written, and no earlier results.json left to be read as this run's.
        Assert.Empty(Directory.GetFiles(repo.PathOf("out")));
    }
}
