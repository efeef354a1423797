using System.Text.RegularExpressions;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Tests.Config;

/// <summary>Shared checks of the malformed-input corpora: the expected first code, a position, a fix hint, no secret.</summary>
internal static class CorpusAssert
{
    // A fix hint is an imperative: a fix verb as a whole word opening the message or one of its sentences or clauses
    // ("Add it to …", "…; add it", "Rename, move or remove the key"), or "did you mean". Substrings and mid-sentence
    // nouns do not count: "address" holds "add", and "the name 'x'" is no instruction.
    private static readonly Regex FixHint = new(
        @"(?:^|[.;:!?(]\s*)(?:Add|Use|Remove|Fix|Write|Give|Rename|Replace|Split|Save|Check|Quote|Keep|Swap|Flatten|Name|Pass|Define)\b|\bdid you mean\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>True when <paramref name="message"/> tells the reader what to do (see <see cref="FixHint"/>).</summary>
    public static bool HasFixHint(string message) => FixHint.IsMatch(message);

    public static IEnumerable<object[]> Files(string folder, Func<string, bool> include) =>
        Directory.GetFiles(System.IO.Path.Combine(AppContext.BaseDirectory, folder, "Corpus"))
            .Select(System.IO.Path.GetFileName)
            .Where(name => include(name!))
            .OrderBy(name => name, StringComparer.Ordinal)
            .Select(name => new object[] { name! });

    public static string Path(string folder, string name) => System.IO.Path.Combine(AppContext.BaseDirectory, folder, "Corpus", name);

    public static void Check(string fileName, IReadOnlyList<EvalDiagnostic> diagnostics)
    {
        if (fileName.StartsWith("valid-", StringComparison.Ordinal))
        {
            Assert.True(diagnostics.Count == 0, $"{fileName}: expected no diagnostics, got:\n{string.Join("\n", diagnostics)}");
            return;
        }

        var expected = Regex.Match(fileName, "^LLME[0-9]{3}").Value;
        Assert.False(string.IsNullOrEmpty(expected), $"Corpus file {fileName} must start with its expected code.");
        Assert.True(diagnostics.Count > 0, $"{fileName}: expected {expected}, got no diagnostics.");
        var first = diagnostics[0];
        Assert.True(expected == first.Code, $"{fileName}: expected first code {expected}, got:\n{string.Join("\n", diagnostics)}");
        Assert.True(first.Line >= 1 && first.Column >= 1, $"{fileName}: position {first.Line},{first.Column}");
        Assert.True(HasFixHint(first.Message), $"{fileName}: no fix hint in '{first.Message}'");
        foreach (var diagnostic in diagnostics)
        {
            Assert.DoesNotContain("SECRET", diagnostic.Message, StringComparison.Ordinal);
        }
    }
}
