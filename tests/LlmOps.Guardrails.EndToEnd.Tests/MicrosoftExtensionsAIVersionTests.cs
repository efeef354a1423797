using LlmOps.Guardrails.Runtime.Tests.Fakes;

namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// The runtime package in an application that pins Microsoft.Extensions.AI.Abstractions and .OpenAI: at the runtime's
/// floor and at 11, a real OpenAI call through <c>LlmOpsProviders.OpenAI(...).UseLlmOpsGuardrails()</c> against the
/// loopback fake provider answers, bills the reported usage (cached and reasoning tokens included, streamed or not) and
/// keeps the attribution tags off the wire; below the floor, restore refuses the application.
/// </summary>
[Collection(PackedFeedCollection.Name)]
[RequiresSharedFixture(typeof(PackedFeedFixture))]
public sealed class MicrosoftExtensionsAIVersionTests
{
    /// <summary>The floor documented in docs/runtime.md ("Versions") and set in Directory.Packages.props.</summary>
    private const string Floor = "10.10.0";

    // prompt_tokens 1200 (of which cached 1024), completion_tokens 700 (of which reasoning 512).
    private static readonly FakeUsage Reported = new(InputTokens: 1200, OutputTokens: 700, CachedInputTokens: 1024, ReasoningTokens: 512);

    private readonly PackedFeedFixture feed;

    public MicrosoftExtensionsAIVersionTests(PackedFeedFixture feed) => this.feed = feed;

    [Theory]
    [InlineData(Floor)]
    [InlineData("11.0.0")]
    public void An_OpenAI_call_through_the_guardrails_answers_and_bills_the_reported_usage(string meaiVersion)
    {
        using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Ok("pong", Reported);
        var app = new PinnedApp(Path.Combine(feed.WorkDirectory, "meai-" + meaiVersion), feed.FeedDirectory, feed.Version, meaiVersion);

        var build = app.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        var run = app.Run(server.OpenAIEndpoint, Reported);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("meai-abstractions=" + meaiVersion + "+", run.Output, StringComparison.Ordinal);
        Assert.Contains("meai-openai=" + meaiVersion + "+", run.Output, StringComparison.Ordinal);
        Assert.Contains("provider=openai-compatible", run.Output, StringComparison.Ordinal);
        Assert.Contains("response=pong", run.Output, StringComparison.Ordinal);
        Assert.Contains("streamed=pong", run.Output, StringComparison.Ordinal);
        Assert.Contains("usage: input=1200 cached=1024 output=700 reasoning=512", run.Output, StringComparison.Ordinal);
        Assert.Contains("streamed usage: input=1200 cached=1024 output=700 reasoning=512", run.Output, StringComparison.Ordinal);
        Assert.Contains("billed as expected: True", run.Output, StringComparison.Ordinal);

        // The guarded call, the guarded stream (which asks for its usage) and a bare provider call carrying llmops.* tags.
        Assert.Equal(3, server.RequestCount);
        Assert.True(server.Requests[1].IncludeUsage, "the stream must ask for stream_options.include_usage");
        Assert.All(server.Requests, r =>
        {
            Assert.DoesNotContain("llmops", r.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("version-check", r.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void An_application_that_pins_Microsoft_Extensions_AI_below_the_floor_is_refused_at_restore()
    {
        var app = new PinnedApp(Path.Combine(feed.WorkDirectory, "meai-below-floor"), feed.FeedDirectory, feed.Version, "10.9.0", openAIVersion: "10.5.0");

        var restore = app.Restore();

        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains("NU1605", restore.Output, StringComparison.Ordinal);
        Assert.Contains($"Microsoft.Extensions.AI.Abstractions from {Floor} to 10.9.0", restore.Output, StringComparison.Ordinal);
    }

    /// <summary>A console application outside the repository on the packed runtime and pinned Microsoft.Extensions.AI packages.</summary>
    private sealed class PinnedApp
    {
        private readonly string directory;

        public PinnedApp(string directory, string feed, string version, string abstractionsVersion, string? openAIVersion = null)
        {
            this.directory = directory;
            ConsumerFolder.Create(directory, feed);
            File.WriteAllText(Path.Combine(directory, "PinnedApp.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="LlmOps.Guardrails.Runtime" Version="{version}" />
                    <PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="{abstractionsVersion}" />
                    <PackageReference Include="Microsoft.Extensions.AI.OpenAI" Version="{openAIVersion ?? abstractionsVersion}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(directory, "Program.cs"), ProgramSource);
        }

        private string Output => Path.Combine(directory, "out");

        public DotNet.Result Restore() => DotNet.Run(directory, "restore", "PinnedApp.csproj", "-nologo");

        public DotNet.Result Build() =>
            DotNet.Run(directory, "build", "PinnedApp.csproj", "-o", Output, "-nologo", "-p:UseSharedCompilation=false");

        public DotNet.Result Run(Uri endpoint, FakeUsage expected) =>
            DotNet.Run(directory, Path.Combine(Output, "PinnedApp.dll"), endpoint.ToString(),
                expected.InputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
                expected.CachedInputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
                expected.OutputTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
                expected.ReasoningTokens.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The expected counts come in as arguments; the bill is compared with their price, computed apart from the call.
        private const string ProgramSource = """
            using System.Globalization;
            using System.Reflection;
            using LlmOps.Guardrails.Core.Catalog;
            using LlmOps.Guardrails.Core.Pricing;
            using LlmOps.Guardrails.Runtime;
            using LlmOps.Guardrails.Runtime.Budgets;
            using LlmOps.Guardrails.Runtime.Cost;
            using LlmOps.Guardrails.Runtime.Providers;
            using Microsoft.Extensions.AI;

            const string Model = "gpt-4o-mini-2024-07-18";
            var endpoint = new Uri(args[0]);
            var expected = new TokenUsage
            {
                InputTokens = long.Parse(args[1], CultureInfo.InvariantCulture),
                CachedInputTokens = long.Parse(args[2], CultureInfo.InvariantCulture),
                OutputTokens = long.Parse(args[3], CultureInfo.InvariantCulture),
                ReasoningTokens = long.Parse(args[4], CultureInfo.InvariantCulture),
            };

            var store = new InMemoryBudgetStore();
            var limit = BudgetLimit.Global(BudgetWindow.Month, 100m);
            using IChatClient chat = LlmOpsProviders.OpenAI("sk-pinned-app", Model, endpoint)
                .UseLlmOpsGuardrails(o => o.Budget = new BudgetOptions { Store = store, Limits = { limit } });
            var options = new ChatOptions { ModelId = Model, MaxOutputTokens = 800 }.WithAttribution("version-check");

            ChatResponse response = await chat.GetResponseAsync("ping", options);
            Console.WriteLine($"response={response.Text}");
            Console.WriteLine("usage: " + Describe(UsageMapping.ToTokenUsage(response)));

            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync("ping", options)) updates.Add(update);
            ChatResponse streamed = updates.ToChatResponse();
            Console.WriteLine($"streamed={streamed.Text}");
            Console.WriteLine("streamed usage: " + Describe(UsageMapping.ToTokenUsage(streamed)));

            // Straight to the provider client, without the attribution middleware that strips the tags.
            using IChatClient bare = LlmOpsProviders.OpenAI("sk-pinned-app", Model, endpoint);
            await bare.GetResponseAsync("ping", new ChatOptions { MaxOutputTokens = 8 }.WithAttribution("version-check", team: "llmops-team"));

            decimal expectedPerCall = ChatCost.Of(expected, Model, ModelCatalog.Default) ?? throw new InvalidOperationException("no price for " + Model);
            BudgetUsage spent = await store.GetUsageAsync(BudgetBucket.For(limit, null, DateTimeOffset.UtcNow));
            Console.WriteLine($"billed={spent.SpentUsd.ToString(CultureInfo.InvariantCulture)} expected={(2 * expectedPerCall).ToString(CultureInfo.InvariantCulture)}");
            Console.WriteLine($"billed as expected: {spent.SpentUsd == 2 * expectedPerCall && spent.ReservedUsd == 0m}");

            Console.WriteLine($"provider={chat.GetService<ChatClientMetadata>()?.ProviderName}");
            Console.WriteLine($"meai-abstractions={VersionOf("Microsoft.Extensions.AI.Abstractions")}");
            Console.WriteLine($"meai-openai={VersionOf("Microsoft.Extensions.AI.OpenAI")}");

            static string Describe(TokenUsage u) =>
                $"input={u.InputTokens} cached={u.CachedInputTokens} output={u.OutputTokens} reasoning={u.ReasoningTokens}";

            static string? VersionOf(string name) =>
                AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name)
                    ?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            """;
    }
}
