using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>One <c>file(line,col): severity CODE: message [project]</c> line of an MSBuild log.</summary>
internal sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Code, string Message, string Project)
{
    // The canonical MSBuild error format; an optional "12>" node prefix appears in parallel builds.
    private static readonly Regex Canonical = new(
        @"^\s*(?:\d+>)?(?<file>[^\s(][^(]*?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\)\s*:\s*(?<sev>warning|error|info)\s+(?<code>[A-Za-z]+\d+)\s*:\s*(?<msg>.*?)(?:\s+\[(?<proj>[^\]]+)\])?\s*$",
        RegexOptions.CultureInvariant);

    /// <summary>The findings whose whole code matches <paramref name="codePattern"/>, once each (MSBuild repeats them in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(IEnumerable<string> logLines, string codePattern)
    {
        var codes = new Regex("^(?:" + codePattern + ")$", RegexOptions.CultureInvariant);
        var found = new List<BuildDiagnostic>();
        var seen = new HashSet<(string, int, int, string)>();
        foreach (var line in logLines)
        {
            var m = Canonical.Match(line);
            if (!m.Success || !codes.IsMatch(m.Groups["code"].Value))
            {
                continue;
            }

            var d = new BuildDiagnostic(
                m.Groups["file"].Value.Trim(),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["sev"].Value,
                m.Groups["code"].Value,
                m.Groups["msg"].Value,
                m.Groups["proj"].Value);
            if (seen.Add((d.File, d.Line, d.Column, d.Code)))
            {
                found.Add(d);
            }
        }

        return found.OrderBy(d => d.Code, StringComparer.Ordinal).ThenBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
    }
}
