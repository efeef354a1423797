using System.Runtime.CompilerServices;

namespace LlmOps.Guardrails.Eval.Tests.Reports;

/// <summary>
/// Golden-file comparison. Expected files live in Reports/Golden/ next to this file and are copied to the test output.
/// Set LLMOPS_UPDATE_GOLDEN=1 to rewrite them (in the source tree and in the output) from the current rendering.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "LLMOPS_UPDATE_GOLDEN";

    public static void AssertMatches(string fileName, string actual, [CallerFilePath] string callerFile = "")
    {
        var outputPath = Path.Combine(AppContext.BaseDirectory, "Reports", "Golden", fileName);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            var sourceDir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Golden");
            Directory.CreateDirectory(sourceDir);
            File.WriteAllText(Path.Combine(sourceDir, fileName), actual);
            Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
            File.WriteAllText(outputPath, actual);
            return;
        }

        Assert.True(File.Exists(outputPath), $"Golden file {fileName} is missing; run the tests once with {UpdateVariable}=1 and commit Reports/Golden/{fileName}.");
        var expected = File.ReadAllText(outputPath).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            var actualPath = Path.Combine(AppContext.BaseDirectory, "Reports", "Golden", fileName + ".actual");
            File.WriteAllText(actualPath, actual);
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"{fileName} differs from the golden file at line {line.Number}:\n  expected: {line.Expected}\n  actual:   {line.Actual}\n"
                + $"Actual output written to {actualPath}. If the change is intended, rerun with {UpdateVariable}=1 and commit the golden file.");
        }
    }

    /// <summary>
    /// Whether <paramref name="actual"/> equals the golden file, without ever rewriting it (for tests that show a
    /// changed rendering is caught, even when the goldens are being regenerated).
    /// </summary>
    public static bool Matches(string fileName, string actual)
    {
        var outputPath = Path.Combine(AppContext.BaseDirectory, "Reports", "Golden", fileName);
        Assert.True(File.Exists(outputPath), $"Golden file {fileName} is missing.");
        return File.ReadAllText(outputPath).Replace("\r\n", "\n", StringComparison.Ordinal) == actual;
    }

    private static (int Number, string Expected, string Actual) FirstDifferentLine(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el != al)
            {
                return (i + 1, el, al);
            }
        }

        return (0, "", "");
    }
}
