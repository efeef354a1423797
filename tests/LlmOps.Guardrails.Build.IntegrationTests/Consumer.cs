namespace LlmOps.Guardrails.Build.IntegrationTests;

/// <summary>A console app outside the repository (so none of its build settings apply) that uses the package.</summary>
public sealed class Consumer
{
    public Consumer(string directory, string feed, string version, bool withExtensionsAI = true)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "prompts"));

        ConsumerFolder.Create(directory, feed);

        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <RootNamespace>Consumer</RootNamespace>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <LlmOpsAnalysisDate>2026-01-15</LlmOpsAnalysisDate>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LlmOps.Guardrails.Build" Version="{{version}}" PrivateAssets="all" />
                {{(withExtensionsAI ? "<PackageReference Include=\"Microsoft.Extensions.AI.Abstractions\" Version=\"10.11.0\" />" : string.Empty)}}
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(directory, "Program.cs"), withExtensionsAI ? """
            using System;
            using Consumer;

            var messages = Prompts.SupportClassify.Render("My invoice is wrong");
            Console.WriteLine($"{Prompts.SupportClassify.Id} v{Prompts.SupportClassify.Version} {Prompts.SupportClassify.Model}");
            Console.WriteLine($"{messages.Count} messages; user: {messages[1].Content}");
            var options = Prompts.SupportClassify.CreateChatOptions();
            Console.WriteLine($"feature={options.AdditionalProperties!["llmops.feature"]} version={options.AdditionalProperties["llmops.prompt.version"]} max={options.MaxOutputTokens}");
            """ : """
            System.Console.WriteLine(Consumer.Prompts.SupportClassify.Render("x").Count);
            """);
    }

    public string Directory { get; }

    public string LockPath => Path.Combine(Directory, "prompts.lock.json");

    public string GeneratedPath => ReportPath("Prompts.g.cs");

    public string ReportPath(string name) => Path.Combine(Directory, "obj", "Debug", "net10.0", "llmops", name);

    public void WritePrompt(string fileName, string content) => File.WriteAllText(Path.Combine(Directory, "prompts", fileName), content);

    public static string Prompt(string id, string model = "gpt-4o-mini-2024-07-18", string system = "You classify support tickets.") => $$$"""
        id: {{{id}}}
        owner:
          feature: triage
          team: support
        model: {{{model}}}
        parameters:
          temperature: 0
          max_output_tokens: 50
        variables:
          ticket:
            sample: My invoice is wrong and I need it fixed today.
        messages:
          - role: system
            content: {{{system}}}
          - role: user
            content: "Ticket: {{ticket}}"
        expected_output_tokens: 20
        """;

    /// <summary><c>dotnet build</c> with no compiler server, so nothing is left running after the test.</summary>
    public DotNet.Result Build(params string[] extra) =>
        DotNet.Run(Directory, new[] { "build", "Consumer.csproj", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false" }.Concat(extra).ToArray());

    public DotNet.Result Git(params string[] arguments) => DotNet.Exec("git", Directory, arguments);
}
