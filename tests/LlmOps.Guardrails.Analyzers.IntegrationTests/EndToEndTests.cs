using System.IO.Compression;
using System.Xml.Linq;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>The packed analyzers as a consumer meets them: restored from a feed and run by <c>dotnet build</c>.</summary>
[Trait("Category", "EndToEnd")]
[Collection(EndToEndCollection.Name)]
[RequiresSharedFixture(typeof(EndToEndFixture))]
public sealed class EndToEndTests(EndToEndFixture fixture)
{
    [Fact]
    public void Package_ships_both_assemblies_as_analyzers_and_nothing_as_a_library()
    {
        using var package = ZipFile.OpenRead(fixture.PackagePath);
        var entries = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/LlmOps.Guardrails.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/LlmOps.Guardrails.Analyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("LlmOps.Guardrails.Analyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));
    }

    [Theory]
    [InlineData("LLM001", "warning")]
    [InlineData("LLM002", "warning")]
    [InlineData("LLM003", "warning")]
    [InlineData("LLM004", "warning")]
    [InlineData("LLM005", "error")] // claude-3-opus-20240229 is past its retirement date.
    [InlineData("LLM006", "error")]
    [InlineData("LLM007", "warning")]
    public void Broken_consumer_reports_the_rule_at_its_marker(string id, string severity)
    {
        var marker = Assert.Single(Marker.Find(fixture.Broken.Source), m => m.Id == id);

        var found = fixture.Broken.LlmDiagnostics.Where(d => d.FileName == "Broken.cs" && d.Id == id).ToList();
        Assert.True(
            found.Any(d => d.Line == marker.Line && d.Column == marker.Column && d.Severity == severity),
            $"expected Broken.cs({marker.Line},{marker.Column}): {severity} {id}; the build reported:\n" + Describe(fixture.Broken));
    }

    [Fact]
    public void Broken_consumer_reports_nothing_besides_the_marked_findings()
    {
        var markers = Marker.Find(fixture.Broken.Source);
        var unexpected = fixture.Broken.LlmDiagnostics
            .Where(d => !(d.FileName == "Broken.cs" && markers.Any(m => m.Id == d.Id && m.Line == d.Line && m.Column == d.Column)))
            .ToList();
        Assert.True(unexpected.Count == 0, "unexpected diagnostics:\n" + string.Join('\n', unexpected));
    }

    [Fact]
    public void Hard_coded_key_fails_the_build()
    {
        Assert.NotEqual(0, fixture.Broken.ExitCode);
        Assert.Contains(fixture.Broken.Diagnostics, d => d.Id == "LLM006" && d.Severity == "error");
        // The failure must come from the analyzers, not from code that does not compile.
        var otherErrors = fixture.Broken.Diagnostics.Where(d => d.Severity == "error" && !d.Id.StartsWith("LLM", StringComparison.Ordinal)).ToList();
        Assert.True(otherErrors.Count == 0, "compiler errors:\n" + string.Join('\n', otherErrors));
    }

    [Fact]
    public void Fixed_consumer_builds_clean_with_no_llm_diagnostics()
    {
        Assert.True(fixture.Fixed.ExitCode == 0, "the fixed consumer failed to build:\n" + fixture.Fixed.Output);
        Assert.Empty(fixture.Fixed.LlmDiagnostics);
    }

    [Fact]
    public void Analyzers_load_and_run_without_failures_in_both_builds()
    {
        // CS8032: analyzer could not be created; CS9057: built against a newer compiler; AD0001: analyzer threw.
        foreach (var build in new[] { fixture.Broken, fixture.Fixed })
        {
            var failures = build.Diagnostics.Where(d => d.Id is "CS8032" or "CS9057" or "AD0001").ToList();
            Assert.True(failures.Count == 0, string.Join('\n', failures));
            Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
        }
    }

    private static string Describe(ConsumerBuild build)
    {
        var llm = build.LlmDiagnostics.ToList();
        return llm.Count > 0
            ? string.Join('\n', llm)
            : "(no LLM diagnostics)\n" + build.Output;
    }
}
