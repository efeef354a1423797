namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>A consumer project outside the repository (so none of its build settings apply) and its build result.</summary>
public sealed class ConsumerBuild
{
    private ConsumerBuild(string source, DotNet.Result result)
    {
        Source = source;
        ExitCode = result.ExitCode;
        Output = result.Output;
        Diagnostics = BuildDiagnostic.Parse(result.Output);
    }

    public string Source { get; }

    public int ExitCode { get; }

    public string Output { get; }

    internal IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    internal IEnumerable<BuildDiagnostic> LlmDiagnostics => Diagnostics.Where(d => d.Id.StartsWith("LLM", StringComparison.Ordinal));

    public static ConsumerBuild Run(string directory, string sourceFile, string feed, string version)
    {
        ConsumerFolder.Create(directory, feed);

        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LlmOps.Guardrails.Analyzers" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="OpenAI" Version="2.15.0" />
                <PackageReference Include="Anthropic" Version="13.12.0" />
                <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="10.11.0" />
              </ItemGroup>
            </Project>
            """);

        File.Copy(RepositoryPaths.ConsumerSource("Attribution.cs"), Path.Combine(directory, "Attribution.cs"));
        var source = File.ReadAllText(RepositoryPaths.ConsumerSource(sourceFile));
        File.WriteAllText(Path.Combine(directory, sourceFile), source);

        // No compiler server: nothing is left running after the test, and each build loads the analyzer fresh.
        var result = DotNet.Run(directory, "build", "Consumer.csproj", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false");
        return new ConsumerBuild(source, result);
    }
}
