using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// The import report: every prompt, provider and test assertion with what became of it, and the reason for each one
/// disabled or refused. Written as markdown next to the imported files and summed up on the console.
/// </summary>
internal static class ImportReport
{
    public const string FileName = "import-report.md";

    public static string Markdown(ImportedSuite suite, string source)
    {
        var text = new StringBuilder();
        text.Append("# promptfoo import report\n\n");
        text.Append("Source: `").Append(source).Append("`\n\n");
        text.Append(Summary(suite)).Append("\n\n");
        text.Append("| subject | promptfoo | outcome | native or reason |\n| --- | --- | --- | --- |\n");
        foreach (var e in suite.Entries)
        {
            text.Append("| ").Append(Cell(e.Subject)).Append(" | ").Append(Cell(e.What)).Append(" | ")
                .Append(e.Outcome.ToString().ToLowerInvariant()).Append(" | ").Append(Cell(e.Detail)).Append(" |\n");
        }

        text.Append("\nDisabled assertions stay in the dataset with `disabled: <reason>`; `dotnet eval compare` skips them and lists them.\n");
        return text.ToString();
    }

    public static string Summary(ImportedSuite suite)
    {
        var caseIds = suite.Cases.Select(c => c.Id).ToHashSet(System.StringComparer.Ordinal);
        var assertions = suite.Entries.Where(e => caseIds.Contains(e.Subject) && e.Outcome != ImportOutcome.Refused).ToList();
        var mapped = assertions.Count(e => e.Outcome == ImportOutcome.Mapped);
        var refused = suite.Entries.Count(e => e.Outcome == ImportOutcome.Refused);
        return $"{suite.Prompts.Count} prompt(s), {suite.Cases.Count} test case(s), {assertions.Count} assertion(s): "
            + $"{mapped} mapped, {assertions.Count - mapped} kept disabled; {refused} other part(s) not imported.";
    }

    /// <summary>The short lines tests compare with their expectations (see <see cref="ImportEntry.Summary"/>).</summary>
    public static IEnumerable<string> Lines(ImportedSuite suite) => suite.Entries.Select(e => e.Summary);

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
