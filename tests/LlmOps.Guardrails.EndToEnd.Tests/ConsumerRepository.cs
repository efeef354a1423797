namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// A git repository outside this one (so none of its build settings apply) holding an application that uses the
/// packed Analyzers, Build and Runtime packages, two prompts, a golden dataset and an eval config.
/// </summary>
internal sealed class ConsumerRepository
{
    public const string Model = "gpt-4o-mini-2024-07-18";
    public const string KeyVariable = "LLMOPS_E2E_OPENAI_KEY";
    public const string ClassifySystem = "Classify the support ticket into one word: billing, login or other.";

    public ConsumerRepository(string directory, string feed, string version, Uri providerEndpoint)
    {
        Directory = directory;
        ConsumerFolder.Create(directory, feed);
        Write(".gitignore", "bin/\nobj/\n.llmops/\n");

        Write("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <RootNamespace>Consumer</RootNamespace>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LlmOps.Guardrails.Analyzers" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="LlmOps.Guardrails.Build" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="LlmOps.Guardrails.Runtime" Version="{version}" />
              </ItemGroup>
            </Project>
            """);

        Write("Program.cs", ProgramSource);
        Write("prompts/support-classify.prompt.yaml", Prompt("support.classify", ClassifySystem));
        Write("prompts/support-reply.prompt.yaml", Prompt("support.reply", "Draft a short, polite reply to the billing ticket."));
        Write("datasets/tickets.jsonl", string.Concat(new[] { "refund", "double-charge", "invoice" }.Select(id =>
            $$"""{"id":"{{id}}","vars":{"ticket":"Ticket {{id}}: I was charged twice."},"assert":[{"type":"icontains","value":"billing"}]}""" + "\n")));

        // Cost gate at fail (exit 2); latency off, since replayed latencies are whatever the recording measured.
        Write("llmops.eval.yaml", $$"""
            prompts: ["prompts/*.prompt.yaml"]
            datasets: "datasets/tickets.jsonl"
            providers:
              default: { type: openai-compatible, base_url: "{{providerEndpoint}}", api_key_env: {{KeyVariable}}, max_retries: 0 }
            cassettes: cassettes
            concurrency: 1
            gate:
              quality: { max_drop: 0.05, level: fail }
              cost: { max_increase_percent: 10, level: fail }
              latency: { level: off }
            """);
    }

    public string Directory { get; }

    /// <summary>Where the analyzers must report LLM002: the call with no output-token cap.</summary>
    public static (int Line, int Column) UncappedCall
    {
        get
        {
            var lines = ProgramSource.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains("chat.GetResponseAsync(\"Find", StringComparison.Ordinal));
            return (line + 1, lines[line].IndexOf("chat.", StringComparison.Ordinal) + 1);
        }
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative);

    public void Write(string relative, string content)
    {
        var path = PathOf(relative);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public static string Prompt(string id, string system) => $$$"""
        id: {{{id}}}
        owner:
          feature: triage
          team: support
        model: {{{Model}}}
        parameters:
          temperature: 0
          max_output_tokens: 50
        variables:
          ticket:
            sample: I was charged twice.
        messages:
          - role: system
            content: "{{{system}}}"
          - role: user
            content: "Ticket: {{ticket}}"
        expected_output_tokens: 20
        """;

    /// <summary>Commits everything and returns the commit's id.</summary>
    public string CommitAll(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD");
    }

    public string Git(params string[] arguments)
    {
        var result = DotNet.Exec("git", Directory, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
        }

        return result.Output.Trim();
    }

    /// <summary><c>dotnet build</c> with no compiler server, so nothing is left running after the test.</summary>
    public DotNet.Result Build(params string[] extra) =>
        DotNet.Run(Directory, new[] { "build", "Consumer.csproj", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false", "-v:n" }.Concat(extra).ToArray());

    // The generated accessors (Build), the guardrails pipeline (Runtime), and one call the analyzers must flag.
    private const string ProgramSource = """
        using System;
        using System.Threading.Tasks;
        using LlmOps.Guardrails.Runtime;
        using LlmOps.Guardrails.Runtime.Providers;
        using Microsoft.Extensions.AI;

        namespace Consumer;

        public static class Program
        {
            public static void Main()
            {
                IChatClient chat = LlmOpsProviders.OpenAI(apiKey: "unused", model: "gpt-4o-mini-2024-07-18").UseLlmOpsGuardrails();
                var options = Prompts.SupportClassify.CreateChatOptions();
                Console.WriteLine($"{Prompts.SupportClassify.Id} {options.MaxOutputTokens} {chat.GetType().Name}");
            }

            [LlmFeature("search")]
            public static Task<ChatResponse> Search(IChatClient chat) =>
                chat.GetResponseAsync("Find related articles.", new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18" });
        }
        """;
}
