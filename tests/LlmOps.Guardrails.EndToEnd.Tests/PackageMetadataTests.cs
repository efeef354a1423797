using System.IO.Compression;
using System.Xml.Linq;

namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>What `dotnet pack` of the solution puts in the feed, read back from the .nupkg files themselves.</summary>
[Collection(PackedFeedCollection.Name)]
[RequiresSharedFixture(typeof(PackedFeedFixture))]
public sealed class PackageMetadataTests
{
    private readonly PackedFeedFixture feed;

    public PackageMetadataTests(PackedFeedFixture feed) => this.feed = feed;

    [Fact]
    public void Every_product_package_and_nothing_else_carries_the_one_version_readme_icon_license_and_source_link()
    {
        var produced = Directory.GetFiles(feed.FeedDirectory, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(PackedFeedFixture.ProductPackageIds.Select(id => $"{id}.{feed.Version}.nupkg"), produced);

        var head = DotNet.Exec("git", RepositoryPaths.Root, "rev-parse", "HEAD");
        Assert.True(head.ExitCode == 0, head.Output);
        var commit = head.Output.Trim();

        foreach (var id in PackedFeedFixture.ProductPackageIds)
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            var nuspecEntry = Assert.Single(package.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
            XDocument nuspec;
            using (var stream = nuspecEntry.Open())
            {
                nuspec = XDocument.Load(stream);
            }

            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

            Assert.Equal(id, Value("id"));
            Assert.Equal(feed.Version, Value("version"));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")), id);
            Assert.Equal("MIT", Value("license"));
            Assert.Equal("https://github.com/llmops-guardrails/llmops-guardrails", Value("projectUrl"));

            Assert.Equal("README.md", Value("readme"));
            var readme = Assert.Single(package.Entries, e => e.FullName == "README.md");
            using (var reader = new StreamReader(readme.Open()))
            {
                // Each package describes itself: its readme starts with its own id.
                Assert.StartsWith("# " + id, reader.ReadToEnd(), StringComparison.Ordinal);
            }

            Assert.Equal("icon.png", Value("icon"));
            var icon = Assert.Single(package.Entries, e => e.FullName == "icon.png");
            using (var stream = icon.Open())
            {
                var signature = new byte[8];
                stream.ReadExactly(signature);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, signature);
            }

            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.Equal("https://github.com/llmops-guardrails/llmops-guardrails", repository.Attribute("url")?.Value);
            Assert.Equal(commit, repository.Attribute("commit")?.Value);
        }

        // The build-time packages ship no library, so they have no symbols; the libraries and the tool do.
        var symbols = Directory.GetFiles(feed.FeedDirectory, "*.snupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "LlmOps.Guardrails.Core", "LlmOps.Guardrails.Eval", "LlmOps.Guardrails.Runtime", "LlmOps.Guardrails.Runtime.DependencyInjection", "LlmOps.Guardrails.Runtime.PostgreSql", "LlmOps.Guardrails.Tokenizers.ML" }
                .Select(id => $"{id}.{feed.Version}.snupkg"),
            symbols);
    }
}
