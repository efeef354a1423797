using LlmOps.Guardrails.Tests.Shared;

namespace LlmOps.Guardrails.Core.Tests.Repository;

/// <summary>
/// A clone must build and pass its tests with nothing beside it: no source file may build a path above the
/// repository root. Every reference file the repository needs is committed inside it (tests/vectors).
/// </summary>
public class RepositoryBoundaryTests
{
    /// <summary>Files whose climbs are text, not paths: each with the reason. Nothing else may climb.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotPaths = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["tests/LlmOps.Guardrails.Core.Tests/Repository/RepositoryBoundaryTests.cs"] = "plants the climbs the scanner must flag",
        ["tests/LlmOps.Guardrails.Core.Tests/Repository/PathClimbScanner.cs"] = "its comments show the climbs it looks for",
    };

    [Fact]
    public void No_source_file_builds_a_path_above_the_repository_root()
    {
        var root = RepositoryFolder.Root;
        var findings = PathClimbScanner.SourceFiles(root)
            .Where(file => !NotPaths.ContainsKey(file))
            .SelectMany(file => PathClimbScanner.Scan(file, File.ReadAllText(Path.Combine(root, file))))
            .ToList();

        Assert.True(findings.Count == 0,
            "These lines build a path above the repository root; commit what they read inside the repository instead:\n"
            + string.Join('\n', findings));
    }

    [Fact]
    public void The_scan_covers_the_repository_sources_and_skips_build_output()
    {
        var files = PathClimbScanner.SourceFiles(RepositoryFolder.Root).ToHashSet(StringComparer.Ordinal);

        // One of each kind that has held a climb: a test, a tool script, a tool's documentation, the CI entry point.
        Assert.Contains("tests/LlmOps.Guardrails.Core.Tests/Catalog/CatalogTestData.cs", files);
        Assert.Contains("tools/catalog/sync-prices.mjs", files);
        Assert.Contains("tools/catalog/README.md", files);
        Assert.Contains(".ci/run", files);
        // An exemption for a file that is gone would quietly exempt whatever takes its name later.
        Assert.All(NotPaths.Keys, exempt => Assert.Contains(exempt, files));
        Assert.DoesNotContain(files, file => file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tests/LlmOps.Guardrails.Core.Tests/Catalog/CatalogTestData.cs", "var path = Path.GetFullPath(Path.Combine(RepositoryRoot, \"..\", \"shared\", \"data\", \"genai-prices\", \"data.json\"));")]
    [InlineData("tools/catalog/sync-prices.mjs", "const genaiDir = resolve(option('--genai', join(here, '../../../shared/data/genai-prices')));")]
    [InlineData("tools/catalog/README.md", "node sync-prices.mjs                      # rewrite prices from ../../../shared/data/genai-prices")]
    [InlineData("tests/Shared/Common/Data.cs", "var text = File.ReadAllText(\"../../../../shared/data.json\");")]
    [InlineData("README.md", "cp ../shared/data.json tests/vectors/")]
    [InlineData("src/App/App.csproj", "<Import Project=\"$(MSBuildThisFileDirectory)../../../eng/shared.props\" />")]
    [InlineData("src/App/App.csproj", "<None Include=\"$(RepoRoot)../shared/**\" />")]
    [InlineData("tools/gen.mjs", "const out = join(here, '..', '..', 'outside.json');")]
    [InlineData(".ci/run", "cd \"$(dirname \"$0\")/../..\"")]
    public void Flags_a_path_that_climbs_above_the_root(string file, string line)
    {
        var finding = Assert.Single(PathClimbScanner.Scan(file, "// before\n" + line + "\n// after\n"));
        Assert.Equal(file, finding.File);
        Assert.Equal(2, finding.Line);
    }

    [Theory]
    [InlineData("tools/pricing-vectors/README.md", "  ../../tests/vectors/genai-prices/data.json ../../tests/vectors/pricing/genai-prices-vectors.json")]
    [InlineData("prompts-sample/src/TicketTriage/TicketTriage.csproj", "<Import Project=\"$(MSBuildThisFileDirectory)../../../msbuild-tasks/LlmOps.Guardrails.Build/build/LlmOps.Guardrails.Build.props\" />")]
    [InlineData("tools/tokenizer-vectors/generate.mjs", "const output = join(here, \"..\", \"..\", \"tests\", \"vectors\", \"tokenizer\", \"generated.json\");")]
    [InlineData("tests/LlmOps.Guardrails.Core.Tests/Prompts/Economics/GitBaselineTests.cs", "GitBaseline.TryReadFile(Path.Combine(_repo, \"src\"), \"HEAD\", Path.Combine(\"..\", \"prompts.lock.json\"), out var upward, out error)")]
    [InlineData("eval-runner/LlmOps.Guardrails.Eval/Datasets/CsvDatasetReader.cs", "var range = value.Split(new[] { \"..\" }, 2, StringSplitOptions.None);")]
    [InlineData("core/LlmOps.Guardrails.Core/Text.cs", "return text[..^1] + text[1..] + text[..];")]
    [InlineData("docs/catalog.md", "See [the cost engine](../docs/cost-engine.md) and the sample (...).")]
    [InlineData(".ci/run", "cd \"$(dirname \"$0\")/..\"")]
    public void Accepts_a_path_that_stays_inside_the_root(string file, string line)
    {
        Assert.Empty(PathClimbScanner.Scan(file, line));
    }

    [Fact]
    public void Finds_a_planted_read_beside_the_repository_in_a_source_tree()
    {
        var root = Directory.CreateTempSubdirectory("llmops-boundary-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "tests", "Planted"));
            Directory.CreateDirectory(Path.Combine(root, "tests", "Planted", "bin"));
            File.WriteAllText(Path.Combine(root, "tests", "Planted", "Data.cs"), "var json = File.ReadAllText(\"../../../shared/data.json\");\n");
            // Build output is not source: the same line there is not reported.
            File.WriteAllText(Path.Combine(root, "tests", "Planted", "bin", "Copy.cs"), "var json = File.ReadAllText(\"../../../shared/data.json\");\n");
            File.WriteAllText(Path.Combine(root, "tests", "Planted", "Inside.cs"), "var json = File.ReadAllText(\"../../data.json\");\n");

            var findings = PathClimbScanner.SourceFiles(root)
                .SelectMany(file => PathClimbScanner.Scan(file, File.ReadAllText(Path.Combine(root, file))))
                .ToList();

            var finding = Assert.Single(findings);
            Assert.Equal("tests/Planted/Data.cs", finding.File);
        }
        finally
        {
            TestFolders.TryDelete(root);
        }
    }
}
