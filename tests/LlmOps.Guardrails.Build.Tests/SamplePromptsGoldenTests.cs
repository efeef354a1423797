using System.Globalization;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>
/// The build's figures for the repository's sample prompts, checked against Core's tokenizer and cost engine
/// called directly (messages rendered here by plain string replacement, not by the build's code path).
/// </summary>
public sealed class SamplePromptsGoldenTests : IDisposable
{
    private static readonly DateTimeOffset AnalysisDay = new(2026, 1, 15, 0, 0, 0, TimeSpan.Zero);
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SamplePromptsFolder, "*.prompt.yaml").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Lock_figures_equal_the_tokenizer_and_the_cost_engine(string fileName)
    {
        var text = File.ReadAllText(Path.Combine(SamplePromptsFolder, fileName));
        project.Write("prompts/" + fileName, text);

        var (success, engine) = project.Run(t => t.AnalysisDate = "2026-01-15");
        Assert.True(success, engine.ToString());

        var diagnostics = new List<PromptDiagnostic>();
        var entry = Assert.Single(PromptLockFile.Parse(File.ReadAllText(project.LockPath), project.LockPath, diagnostics)!.Prompts);
        Assert.Empty(diagnostics);

        var prompt = PromptFileReader.Read(fileName, text).Prompt!;
        var samples = prompt.Variables.ToDictionary(v => v.Name, v => v.Sample);
        var messages = prompt.Messages.Select(m => new ChatMessageText(m.Role, Fill(m.Template, samples))).ToList();
        var counter = TokenCounters.ForModel(prompt.Model);
        Assert.Equal(counter.CountChat(messages).Tokens, entry.InputTokens);
        Assert.Equal(!counter.IsExact, entry.InputTokensEstimated);
        Assert.Equal(prompt.ExpectedOutputTokens, (int)entry.OutputTokens);

        Assert.True(ModelCatalog.Default.TryGet(prompt.Model, out var model));
        var cost = CostEngine.Calculate(model, new TokenUsage { InputTokens = entry.InputTokens, OutputTokens = entry.OutputTokens }, AnalysisDay);
        Assert.Equal(cost.TotalCost, entry.CostPerCall);
        Assert.True(entry.CostPerCall > 0m);
    }

    [Fact]
    public void Report_for_the_samples_is_a_readable_table()
    {
        foreach (var file in Directory.GetFiles(SamplePromptsFolder, "*.prompt.yaml"))
        {
            project.Write("prompts/" + Path.GetFileName(file), File.ReadAllText(file));
        }

        var (success, engine) = project.Run();
        Assert.True(success, engine.ToString());
        var lines = File.ReadAllLines(Path.Combine(project.ReportDirectory, "cost-report.md"));
        var table = lines.Where(l => l.StartsWith('|')).ToList();

        // A header, the separator row, then one row per prompt, all with the same number of cells.
        Assert.True(table.Count >= 2 + Directory.GetFiles(SamplePromptsFolder, "*.prompt.yaml").Length, string.Join('\n', lines));
        Assert.Matches(@"^\|( *:?-+:? *\|)+$", table[1]);
        var columns = Cells(table[0]);
        Assert.All(table, row => Assert.Equal(columns, Cells(row)));
        foreach (var file in Directory.GetFiles(SamplePromptsFolder, "*.prompt.yaml"))
        {
            var id = PromptFileReader.ReadFile(file).Prompt!.Id;
            Assert.Contains(table, row => row.Contains(id, StringComparison.Ordinal));
        }
    }

    private static int Cells(string row) => row.Trim().Trim('|').Split('|').Length;

    private static string Fill(string template, IReadOnlyDictionary<string, string> samples)
    {
        foreach (var (name, sample) in samples)
        {
            template = template.Replace("{{" + name + "}}", sample, StringComparison.Ordinal).Replace("{{ " + name + " }}", sample, StringComparison.Ordinal);
        }

        return template;
    }

    private static string SamplePromptsFolder => Path.Combine(LlmOps.Guardrails.Tests.Shared.RepositoryFolder.Root, "prompts-sample", "prompts");
}
