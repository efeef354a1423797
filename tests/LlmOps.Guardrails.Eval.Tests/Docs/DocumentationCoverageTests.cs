using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Tests.Docs;

/// <summary>
/// The documentation keeps up with the product: every diagnostic code the sources can emit is explained in docs/, every
/// document is reachable from docs/index.md, and every `dotnet eval` verb's help ends with an example.
/// </summary>
public sealed class DocumentationCoverageTests
{
    private static readonly string Root = CliRunner.RepositoryRoot;
    private static readonly string[] ProductFolders = { "core", "analyzers", "msbuild-tasks", "eval-runner", "runtime" };
    private static readonly Regex Code = new(@"\bLLM[A-Z]?[0-9]{3}\b", RegexOptions.Compiled);

    [Fact]
    public void Every_diagnostic_code_in_the_sources_is_documented()
    {
        var inSources = ProductFiles("*.cs", "*.targets", "*.props", "*.json")
            .SelectMany(file => Code.Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);
        var inDocs = Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .SelectMany(file => Code.Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(inSources.Count >= 50, $"only {inSources.Count} codes found; is the scan looking in the right place?");
        var undocumented = inSources.Where(code => !inDocs.Contains(code)).OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.True(undocumented.Count == 0, "not in docs/: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Every_document_is_linked_from_the_index()
    {
        string index = File.ReadAllText(Path.Combine(Root, "docs", "index.md"));
        string rulesIndex = File.ReadAllText(Path.Combine(Root, "docs", "rules", "README.md"));
        var missing = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(Path.Combine(Root, "docs"), file).Replace('\\', '/');
            if (relative == "index.md") continue;
            bool linked = relative.StartsWith("rules/", StringComparison.Ordinal)
                ? index.Contains("(rules/README.md)", StringComparison.Ordinal) && (relative == "rules/README.md" || rulesIndex.Contains("(" + relative["rules/".Length..] + ")", StringComparison.Ordinal))
                : index.Contains("(" + relative + ")", StringComparison.Ordinal);
            if (!linked) missing.Add(relative);
        }

        Assert.True(missing.Count == 0, "not linked from docs/index.md: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_verb_has_help_with_an_example()
    {
        var verbs = EvalCli.CreateRootCommand(TextWriter.Null, TextWriter.Null).Subcommands.Select(c => c.Name).ToList();
        Assert.Contains("compare", verbs);
        foreach (string verb in verbs)
        {
            var help = CliRunner.Run(verb, "--help");
            Assert.True(help.ExitCode == 0, $"{verb} --help exited {help.ExitCode}");
            Assert.True(help.Output.Contains("Example", StringComparison.Ordinal) && help.Output.Contains("dotnet eval " + verb, StringComparison.Ordinal),
                $"`dotnet eval {verb} --help` has no example:\n{help.Output}");
        }
    }

    private static IEnumerable<string> ProductFiles(params string[] patterns) =>
        ProductFolders.SelectMany(folder => patterns.SelectMany(pattern =>
            Directory.EnumerateFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories)))
        .Where(file => !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
