namespace LlmOps.Guardrails.EndToEnd.Tests;

/// <summary>
/// The runtime package in an application whose graph holds another System.Diagnostics.DiagnosticSource than the one the
/// runtime was built against (e.g. 11.0.0, brought in by Microsoft.Extensions.Caching.Memory 11), on net8.0 and net10.0.
/// net8.0 runs on the real .NET 8 runtime: the application is published self-contained from the runtime pack.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class DiagnosticSourceCompatibilityTests
{
    private const string TokenBuckets = "1,4,16,64,256,1024,4096,16384,65536,262144,1048576,4194304,16777216,67108864";
    private readonly PackedFeedFixture feed;

    public DiagnosticSourceCompatibilityTests(PackedFeedFixture feed) => this.feed = feed;

    [Theory]
    [InlineData("net8.0", "8.0.1", "8.0.0.0")]
    [InlineData("net8.0", "10.0.14", "10.0.0.0")]
    [InlineData("net8.0", "11.0.0", "11.0.0.0")]
    [InlineData("net10.0", "8.0.1", "10.0.0.0")] // the framework's own (10.0) wins over an older package
    [InlineData("net10.0", "10.0.14", "10.0.0.0")]
    [InlineData("net10.0", "11.0.0", "11.0.0.0")]
    public void A_call_through_the_whole_pipeline_succeeds_and_the_histograms_carry_the_GenAI_buckets_where_the_version_has_advice(
        string targetFramework, string diagnosticSourceVersion, string loadedAssemblyVersion)
    {
        var app = new DiagnosticSourceApp(
            Path.Combine(feed.WorkDirectory, $"ds-{targetFramework}-{diagnosticSourceVersion}"), feed.FeedDirectory, feed.Version, diagnosticSourceVersion);

        var run = app.BuildAndRun(targetFramework);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("diagnosticsource=" + loadedAssemblyVersion, run.Output, StringComparison.Ordinal);
        Assert.Contains("response=pong", run.Output, StringComparison.Ordinal);

        // Input and output token points, one duration point and the cost: the telemetry really ran.
        Assert.Contains("measurements=4", run.Output, StringComparison.Ordinal);

        // Advice exists from DiagnosticSource 9 on; before it the histogram is created without (views still apply).
        var expectedAdvice = loadedAssemblyVersion == "8.0.0.0" ? "none" : TokenBuckets;
        Assert.Contains("token-buckets=" + expectedAdvice, run.Output, StringComparison.Ordinal);
    }

    /// <summary>A console application outside the repository, on the packed runtime and a chosen DiagnosticSource.</summary>
    private sealed class DiagnosticSourceApp
    {
        private readonly string directory;

        public DiagnosticSourceApp(string directory, string feed, string version, string diagnosticSourceVersion)
        {
            this.directory = directory;
            ConsumerFolder.Create(directory, feed);

            // NU1605: pinning DiagnosticSource 8 below what the SDKs ask for is a downgrade, on purpose here.
            // NU1510: on net10.0 the framework already has it; the reference is what puts the version in the graph.
            Write("DiagnosticSourceApp.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <NoWarn>$(NoWarn);NU1605;NU1510</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="LlmOps.Guardrails.Runtime" Version="{version}" />
                    <PackageReference Include="System.Diagnostics.DiagnosticSource" Version="{diagnosticSourceVersion}" />
                  </ItemGroup>
                </Project>
                """);
            Write("Program.cs", ProgramSource);
        }

        public DotNet.Result BuildAndRun(string targetFramework)
        {
            var output = Path.Combine(directory, "out-" + targetFramework);
            var common = new[] { "-f", targetFramework, "-o", output, "-nologo", "-p:UseSharedCompilation=false" };
            if (targetFramework == "net8.0")
            {
                // This machine may have no .NET 8 runtime installed; the runtime pack from the feed is the real one.
                var publish = DotNet.Run(directory, new[] { "publish", "DiagnosticSourceApp.csproj", "-r", "linux-x64", "--self-contained" }.Concat(common).ToArray());
                Assert.True(publish.ExitCode == 0, publish.Output);
                return DotNet.Exec(Path.Combine(output, "DiagnosticSourceApp"), directory);
            }

            var build = DotNet.Run(directory, new[] { "build", "DiagnosticSourceApp.csproj" }.Concat(common).ToArray());
            Assert.True(build.ExitCode == 0, build.Output);
            return DotNet.Run(directory, Path.Combine(output, "DiagnosticSourceApp.dll"));
        }

        private void Write(string relative, string content) => File.WriteAllText(Path.Combine(directory, relative), content);

        // Attribution, telemetry (with a listener, so every instrument records), budget, cache and retry around an
        // in-process provider: the first call initialises the telemetry types, which is where the crash was.
        private const string ProgramSource = """
            using System.Diagnostics;
            using System.Diagnostics.Metrics;
            using LlmOps.Guardrails.Runtime;
            using LlmOps.Guardrails.Runtime.Budgets;
            using LlmOps.Guardrails.Runtime.Caching;
            using Microsoft.Extensions.AI;

            var measurements = 0;
            string tokenBuckets = "none";
            using var listener = new MeterListener();
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name != "LlmOps.Guardrails.Runtime") return;
                l.EnableMeasurementEvents(instrument);
                if (instrument.Name == "gen_ai.client.token.usage")
                {
                    // Read by reflection: DiagnosticSource 8 has no Advice property to compile against.
                    var advice = instrument.GetType().GetProperty("Advice")?.GetValue(instrument);
                    if (advice?.GetType().GetProperty("HistogramBucketBoundaries")?.GetValue(advice) is IEnumerable<long> buckets)
                        tokenBuckets = string.Join(",", buckets);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
            listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measurements));
            listener.Start();

            var client = new FixedProvider().UseLlmOpsGuardrails(o =>
            {
                o.Budget = new BudgetOptions { Limits = { BudgetLimit.Global(BudgetWindow.Month, 10m) } };
                o.Cache = new ResponseCacheOptions();
            });
            var response = await client.GetResponseAsync("ping",
                new ChatOptions { ModelId = "gpt-4o-mini-2024-07-18", MaxOutputTokens = 10 }.WithAttribution("compat-check"));

            Console.WriteLine($"diagnosticsource={typeof(Activity).Assembly.GetName().Version}");
            Console.WriteLine($"response={response.Text}");
            Console.WriteLine($"measurements={measurements}");
            Console.WriteLine($"token-buckets={tokenBuckets}");

            sealed class FixedProvider : IChatClient
            {
                public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "pong"))
                    {
                        ModelId = options?.ModelId,
                        Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 2, TotalTokenCount = 14 },
                    });

                public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                    throw new NotSupportedException();

                public object? GetService(Type serviceType, object? serviceKey = null) => null;

                public void Dispose() { }
            }
            """;
    }
}
