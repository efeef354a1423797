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

    [Fact]
    public void Eval_config_doc_names_every_key_of_the_schema_and_shows_every_assertion_type_with_an_example()
    {
        string doc = File.ReadAllText(Path.Combine(Root, "docs", "eval-config.md"));
        using var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(
            Path.Combine(Root, "eval-runner", "LlmOps.Guardrails.Eval", "Config", "llmops.eval.schema.json")));

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        CollectPropertyNames(schema.RootElement, keys);
        Assert.True(keys.Count >= 30, $"only {keys.Count} keys found in the schema");
        var undocumentedKeys = keys.Where(key => !Regex.IsMatch(doc, @"[`.]" + Regex.Escape(key) + @"[`.:<\s]")).ToList();
        Assert.True(undocumentedKeys.Count == 0, "keys of llmops.eval.schema.json not in docs/eval-config.md: " + string.Join(", ", undocumentedKeys));

        var types = schema.RootElement.GetProperty("$defs").GetProperty("assertion").EnumerateObject()
            .SelectMany(FindTypeEnum).ToList();
        Assert.True(types.Count >= 20, $"only {types.Count} assertion types found in the schema");
        var withoutExample = types.Where(type => !type.StartsWith("not-", StringComparison.Ordinal)
                && !Regex.IsMatch(doc, @"^\| `" + Regex.Escape(type) + @"` \|.*\| `[{-].*` \|$", RegexOptions.Multiline))
            .ToList();
        Assert.True(withoutExample.Count == 0, "assertion types without a row and example in docs/eval-config.md: " + string.Join(", ", withoutExample));
        var negated = types.Where(type => type.StartsWith("not-", StringComparison.Ordinal) && !doc.Contains("`" + type + "`", StringComparison.Ordinal)).ToList();
        Assert.True(negated.Count == 0, "not- forms missing from docs/eval-config.md: " + string.Join(", ", negated));
    }

    private static void CollectPropertyNames(System.Text.Json.JsonElement element, ISet<string> names)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name == "properties" && property.Value.ValueKind == System.Text.Json.JsonValueKind.Object)
                {
                    foreach (var key in property.Value.EnumerateObject()) names.Add(key.Name);
                }

                CollectPropertyNames(property.Value, names);
            }
        }
        else if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) CollectPropertyNames(item, names);
        }
    }

    private static IEnumerable<string> FindTypeEnum(System.Text.Json.JsonProperty property)
    {
        var found = new List<string>();
        void Walk(System.Text.Json.JsonElement element, string? parent)
        {
            if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var child in element.EnumerateObject())
                {
                    if (child.Name == "enum" && parent == "type" && child.Value.ValueKind == System.Text.Json.JsonValueKind.Array)
                    {
                        found.AddRange(child.Value.EnumerateArray().Select(v => v.GetString()!).Where(v => v is not null));
                    }

                    Walk(child.Value, child.Name);
                }
            }
            else if (element.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray()) Walk(item, parent);
            }
        }

        Walk(property.Value, property.Name);
        return found.Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> ProductFiles(params string[] patterns) =>
        ProductFolders.SelectMany(folder => patterns.SelectMany(pattern =>
            Directory.EnumerateFiles(Path.Combine(Root, folder), pattern, SearchOption.AllDirectories)))
        .Where(file => !file.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                    && !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
