using System.Collections.Immutable;
using System.Globalization;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>
/// The analyzers on the real-forms corpus (Corpus/*.cs): the call-site forms of the OpenAI, Anthropic,
/// Microsoft.Extensions.AI and Semantic Kernel SDKs as applications write them, compiled against the real packages.
/// Every expected finding is marked on its line with <c>// expect: LLM00N</c>; unmarked lines expect nothing.
/// </summary>
[Trait("Category", "Corpus")]
public sealed partial class CorpusTests(ITestOutputHelper output)
{
    private const bool RequireFullRecall = true;

    /// <summary>
    /// False positives allowed through the precision assertion (each must still occur, so an entry goes once fixed).
    /// Empty: precision is 100 % for every rule.
    /// </summary>
    private static readonly string[] KnownFalsePositives = [];

    private const double MinimumRecall = 0.95;
    private const int MinimumFileCount = 40;

    /// <summary>Lifecycle rules (LLM005) are judged against a fixed day so the corpus gives the same result every day.</summary>
    private const string AnalysisDate = "2026-12-01";

    /// <summary>The SDKs' "evaluation only" diagnostics, which applications using those APIs turn off (NoWarn) as these do.</summary>
    private static readonly string[] EvaluationApiWarnings = ["OPENAI001", "SKEXP0001", "SKEXP0010", "SKEXP0070", "MEAI001"];

    private static string CorpusFolder => Path.Combine(AppContext.BaseDirectory, "Corpus");

    [Fact]
    public void Corpus_has_enough_files_and_every_file_states_its_expectations()
    {
        var files = Directory.GetFiles(CorpusFolder, "*.cs");
        Assert.True(files.Length >= MinimumFileCount, $"the corpus has {files.Length} files, at least {MinimumFileCount} are required");

        var problems = new List<string>();
        foreach (var file in files)
        {
            var markers = ReadMarkers(File.ReadAllLines(file));
            var name = Path.GetFileName(file);
            if (markers.ExplicitNone && markers.Expected.Count > 0)
            {
                problems.Add($"{name}: says 'expect: none' but marks findings");
            }
            else if (!markers.ExplicitNone && markers.Expected.Count == 0)
            {
                problems.Add($"{name}: has no marker and no '// expect: none' header");
            }

            problems.AddRange(markers.Malformed.Select(line => $"{name}:{line}: malformed expect marker"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task Analyzers_find_the_marked_findings_and_nothing_else()
    {
        var files = Directory.GetFiles(CorpusFolder, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var trees = files
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), AnalyzerHost.ParseOptions, path: Path.GetFileName(f)))
            .Append(CSharpSyntaxTree.ParseText(File.ReadAllText(RepositoryPaths.ConsumerSource("Attribution.cs")), AnalyzerHost.ParseOptions, path: "Attribution.cs"))
            .ToArray();
        var compilation = CSharpCompilation.Create(
            "RealFormsCorpus",
            trees,
            CorpusReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(EvaluationApiWarnings.ToDictionary(id => id, _ => ReportDiagnostic.Suppress)));

        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the corpus must compile against the real SDKs:\n" + string.Join('\n', errors.Take(20)));

        var analyzers = AnalyzerHost.LoadAnalyzers();
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(new Dictionary<string, string> { ["llmops.analysis_date"] = AnalysisDate })),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();

        Assert.True(exceptions.Count == 0, "analyzer exceptions:\n" + string.Join("\n\n", exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var expected = files
            .SelectMany(f => ReadMarkers(File.ReadAllLines(f)).Expected.Select(e => new Finding(Path.GetFileName(f), e.Line, e.Rule)))
            .ToList();
        var found = diagnostics
            .Where(d => d.Id.StartsWith("LLM", StringComparison.Ordinal) && d.Location.IsInSource)
            .Select(d => new Finding(Path.GetFileName(d.Location.SourceTree!.FilePath), d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .ToList();
        var messages = diagnostics
            .Where(d => d.Location.IsInSource)
            .GroupBy(d => new Finding(Path.GetFileName(d.Location.SourceTree!.FilePath), d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .ToDictionary(g => g.Key, g => g.First().GetMessage(CultureInfo.InvariantCulture));

        var rules = analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => d.Id)
            .Where(id => id.StartsWith("LLM", StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var (rows, falsePositives, falseNegatives) = Score(rules, expected, found);

        var report = Report(files.Length, rows, falsePositives, falseNegatives, messages);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "corpus-results.md"), report);

        var failures = new List<string>();
        var known = KnownFalsePositives.ToHashSet(StringComparer.Ordinal);
        var reported = falsePositives.Select(f => f.ToString()).ToHashSet(StringComparer.Ordinal);
        failures.AddRange(known.Except(reported).Order(StringComparer.Ordinal).Select(f => $"{f}: listed as a known false positive but no longer reported; remove it from the list"));
        foreach (var row in rows)
        {
            var unexplained = falsePositives.Count(f => f.Rule == row.Rule && !known.Contains(f.ToString()));
            if (unexplained > 0)
            {
                failures.Add($"{row.Rule}: precision {Percent(row.Precision)} (must be 100 %), {unexplained} false positives not listed as known");
            }

            if (RequireFullRecall && row.Recall < MinimumRecall)
            {
                failures.Add($"{row.Rule}: recall {Percent(row.Recall)} (must be at least {MinimumRecall:P0})");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n\n" + report);
    }

    private static (List<RuleScore> Rows, List<Finding> FalsePositives, List<Finding> FalseNegatives) Score(
        IReadOnlyList<string> rules, IReadOnlyList<Finding> expected, IReadOnlyList<Finding> found)
    {
        var expectedCounts = expected.GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        var foundCounts = found.GroupBy(f => f).ToDictionary(g => g.Key, g => g.Count());
        var falsePositives = new List<Finding>();
        var falseNegatives = new List<Finding>();
        var truePositives = new Dictionary<string, int>();
        foreach (var key in expectedCounts.Keys.Union(foundCounts.Keys))
        {
            var wanted = expectedCounts.GetValueOrDefault(key);
            var got = foundCounts.GetValueOrDefault(key);
            truePositives[key.Rule] = truePositives.GetValueOrDefault(key.Rule) + Math.Min(wanted, got);
            falsePositives.AddRange(Enumerable.Repeat(key, Math.Max(0, got - wanted)));
            falseNegatives.AddRange(Enumerable.Repeat(key, Math.Max(0, wanted - got)));
        }

        var rows = rules
            .Union(expected.Select(f => f.Rule)).Union(found.Select(f => f.Rule))
            .Order(StringComparer.Ordinal)
            .Select(rule => new RuleScore(
                rule,
                expected.Count(f => f.Rule == rule),
                found.Count(f => f.Rule == rule),
                truePositives.GetValueOrDefault(rule),
                falsePositives.Count(f => f.Rule == rule),
                falseNegatives.Count(f => f.Rule == rule)))
            .ToList();
        return (rows, Sorted(falsePositives), Sorted(falseNegatives));
    }

    private static List<Finding> Sorted(List<Finding> findings) =>
        findings.OrderBy(f => f.Rule, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ToList();

    private static string Report(int fileCount, List<RuleScore> rows, List<Finding> falsePositives, List<Finding> falseNegatives, Dictionary<Finding, string> messages)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Real-forms corpus: {fileCount} files, analysis date {AnalysisDate}");
        text.AppendLine();
        text.AppendLine("| rule | expected | found | true positives | false positives | false negatives | precision | recall |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Rule} | {row.Expected} | {row.Found} | {row.TruePositives} | {row.FalsePositives} | {row.FalseNegatives} | {Percent(row.Precision)} | {Percent(row.Recall)} |");
        }

        var total = new RuleScore("all", rows.Sum(r => r.Expected), rows.Sum(r => r.Found), rows.Sum(r => r.TruePositives), rows.Sum(r => r.FalsePositives), rows.Sum(r => r.FalseNegatives));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {total.Rule} | {total.Expected} | {total.Found} | {total.TruePositives} | {total.FalsePositives} | {total.FalseNegatives} | {Percent(total.Precision)} | {Percent(total.Recall)} |");

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"False positives ({falsePositives.Count}):");
        foreach (var f in falsePositives)
        {
            var tag = KnownFalsePositives.Contains(f.ToString()) ? " (known)" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f}{tag}  {messages.GetValueOrDefault(f)}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"False negatives ({falseNegatives.Count}):");
        foreach (var f in falseNegatives)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {f}");
        }

        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static Markers ReadMarkers(string[] lines)
    {
        var markers = new Markers();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = MarkerPattern().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var body = match.Groups["body"].Value.Trim();
            if (body == "none")
            {
                markers.ExplicitNone = true;
                continue;
            }

            var ids = body.Split(',', StringSplitOptions.TrimEntries);
            if (ids.Length == 0 || ids.Any(id => !RuleIdPattern().IsMatch(id)))
            {
                markers.Malformed.Add(i + 1);
                continue;
            }

            markers.Expected.AddRange(ids.Select(id => (i + 1, id)));
        }

        return markers;
    }

    [GeneratedRegex(@"//\s*expect:(?<body>.*)$")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"^LLM\d{3}$")]
    private static partial Regex RuleIdPattern();

    /// <summary>
    /// The running framework plus every managed assembly restored next to this test (the provider SDKs, Semantic Kernel,
    /// OllamaSharp, DI and configuration); a package assembly that the framework also ships is taken from the framework.
    /// </summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> CorpusReferences = new(() =>
    {
        var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = Directory.GetFiles(frameworkFolder, "*.dll").Where(IsManaged).ToList();
        var frameworkNames = framework.Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var packages = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => !frameworkNames.Contains(Path.GetFileName(p)) && IsManaged(p));
        return framework.Concat(packages).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private static bool IsManaged(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new PEReader(stream);
        return reader.HasMetadata;
    }

    private sealed record Finding(string File, int Line, string Rule)
    {
        public override string ToString() => $"{Rule} {File}:{Line}";
    }

    private sealed record RuleScore(string Rule, int Expected, int Found, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public double? Precision => Found == 0 ? null : (double)TruePositives / Found;

        public double? Recall => Expected == 0 ? null : (double)TruePositives / Expected;
    }

    private sealed class Markers
    {
        public bool ExplicitNone { get; set; }

        public List<(int Line, string Rule)> Expected { get; } = [];

        public List<int> Malformed { get; } = [];
    }

    private sealed class GlobalOptionsProvider(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptions options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

        private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static readonly Options Empty = new(new Dictionary<string, string>());

            public override bool TryGetValue(string key, out string value)
            {
                if (values.TryGetValue(key, out var found))
                {
                    value = found;
                    return true;
                }

                value = "";
                return false;
            }
        }
    }
}
