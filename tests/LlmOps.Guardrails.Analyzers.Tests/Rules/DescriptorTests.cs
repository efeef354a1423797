using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Catalog;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Rules;

public class DescriptorTests
{
    public static TheoryData<string> Analyzers() => new(typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)).Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(Analyzers))]
    public void Every_rule_links_to_its_page(string typeName)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(RuleIdentifiers).Assembly.GetType(typeName)!)!;
        foreach (var descriptor in analyzer.SupportedDiagnostics)
        {
            Assert.Equal(RuleIdentifiers.HelpLink(descriptor.Id), descriptor.HelpLinkUri);
            var page = Path.Combine(RepositoryRoot(), "docs", "rules", descriptor.Id + ".md");
            Assert.True(File.Exists(page), page);
        }
    }

    [Theory]
    [InlineData("ClaudeSonnet4_5", "claude-sonnet-4-5")]
    [InlineData("ClaudeSonnet4_5_20250929", "claude-sonnet-4-5-20250929")]
    [InlineData("ClaudeMythosPreview", "claude-mythos-preview")]
    [InlineData("ClaudeOpus5", "claude-opus-5")]
    public void Anthropic_enum_names_map_to_ids(string name, string id) => Assert.Equal(id, ModelSite.Kebab(name));

    [Fact]
    public void Snapshot_carries_the_catalog()
    {
        var gpt4o = ModelTable.BuiltIn.Find("gpt-4o")!;
        Assert.True(gpt4o.IsAlias);
        Assert.Equal("gpt-4o-2024-08-06", gpt4o.ResolvesTo);
        Assert.Equal(16384, ModelTable.BuiltIn.Find("GPT-4O-2024-08-06")!.MaxOutputTokens);
        Assert.NotNull(ModelTable.BuiltIn.Find("claude-sonnet-4-5@20250929"));
        Assert.True(CatalogSnapshot.Entries.Length > 100);
    }

    private static string RepositoryRoot() => LlmOps.Guardrails.Tests.Shared.RepositoryFolder.Root;
}
