using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>One <c>File.cs(line,col): severity ID: message</c> line of MSBuild console output.</summary>
internal sealed partial record BuildDiagnostic(string FileName, int Line, int Column, string Severity, string Id, string Message)
{
    public override string ToString() => $"{FileName}({Line},{Column}): {Severity} {Id}: {Message}";

    public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
        DiagnosticLine().Matches(output)
            .Select(m => new BuildDiagnostic(
                Path.GetFileName(m.Groups["file"].Value),
                int.Parse(m.Groups["line"].Value),
                int.Parse(m.Groups["col"].Value),
                m.Groups["severity"].Value,
                m.Groups["id"].Value,
                m.Groups["message"].Value.Trim()))
            .Distinct() // MSBuild may echo a diagnostic more than once.
            .ToList();

    [GeneratedRegex(@"^\s*(?<file>[^\r\n]+?\.cs)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\): (?<severity>warning|error) (?<id>[A-Z]+\d+): (?<message>[^\r\n]*?)(?: \[[^\r\n]*\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}

/// <summary>A <c>/*LLMxxx*/</c> marker in a consumer source: the diagnostic must start at the token right after it.</summary>
internal sealed partial record Marker(string Id, int Line, int Column)
{
    public static IReadOnlyList<Marker> Find(string source)
    {
        var markers = new List<Marker>();
        var lines = source.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match m in MarkerComment().Matches(lines[i]))
            {
                // Columns are 1-based in compiler output; the token begins right after the comment.
                markers.Add(new Marker(m.Groups["id"].Value, i + 1, m.Index + m.Length + 1));
            }
        }
        return markers;
    }

    [GeneratedRegex(@"/\*(?<id>LLM\d{3})\*/")]
    private static partial Regex MarkerComment();
}
