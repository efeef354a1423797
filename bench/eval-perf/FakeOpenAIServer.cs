using System;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Bench.EvalPerf;

/// <summary>
/// A loopback OpenAI-compatible provider: <c>POST /v1/chat/completions</c> answers a fixed completion with usage
/// after a fixed delay. It counts calls and the peak number in flight, so the run shows how much of the configured
/// concurrency the eval really used.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TimeSpan delay;
    private int calls;
    private int inFlight;
    private int peakInFlight;
    private long firstRequestAt;
    private long lastResponseAt;
    private long busyTicks;

    private FakeOpenAIServer(WebApplication app, TimeSpan delay)
    {
        this.app = app;
        this.delay = delay;
    }

    /// <summary>The base URL to put in the eval config (ends in <c>/v1</c>).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public int Calls => Volatile.Read(ref calls);

    public int PeakInFlight => Volatile.Read(ref peakInFlight);

    /// <summary><see cref="Stopwatch"/> timestamp of the first request since the last reset (0: none).</summary>
    public long FirstRequestAt => Interlocked.Read(ref firstRequestAt);

    /// <summary><see cref="Stopwatch"/> timestamp of the last response finished since the last reset.</summary>
    public long LastResponseAt => Interlocked.Read(ref lastResponseAt);

    /// <summary>Sum of the time every request spent in the handler: divided by the call window, the mean concurrency.</summary>
    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref busyTicks));

    public static async Task<FakeOpenAIServer> StartAsync(TimeSpan delay)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAIServer(app, delay);
        app.MapPost("/v1/chat/completions", server.AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1";
        return server;
    }

    /// <summary>Forgets the counts between runs.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref calls, 0);
        Interlocked.Exchange(ref peakInFlight, 0);
        Interlocked.Exchange(ref firstRequestAt, 0);
        Interlocked.Exchange(ref lastResponseAt, 0);
        Interlocked.Exchange(ref busyTicks, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        long arrived = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref firstRequestAt, arrived, 0);
        int now = Interlocked.Increment(ref inFlight);
        UpdatePeak(now);
        try
        {
            // The model is echoed back, as a real provider does; reading the body also drains the request.
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            string model = body.RootElement.TryGetProperty("model", out var m) ? m.GetString() ?? "unknown" : "unknown";
            int id = Interlocked.Increment(ref calls);
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(CompletionJson(id, model), context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            long done = Stopwatch.GetTimestamp();
            Interlocked.Add(ref busyTicks, done - arrived);
            UpdateLast(done);
        }
    }

    private void UpdatePeak(int now)
    {
        int seen;
        while (now > (seen = Volatile.Read(ref peakInFlight)))
        {
            if (Interlocked.CompareExchange(ref peakInFlight, now, seen) == seen) return;
        }
    }

    private void UpdateLast(long done)
    {
        long seen;
        while (done > (seen = Interlocked.Read(ref lastResponseAt)))
        {
            if (Interlocked.CompareExchange(ref lastResponseAt, done, seen) == seen) return;
        }
    }

    private static string CompletionJson(int id, string model) =>
        "{\"id\":\"chatcmpl-bench-" + id + "\",\"object\":\"chat.completion\",\"created\":1760000000,\"model\":" +
        JsonSerializer.Serialize(model) +
        ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"This is a billing question.\",\"refusal\":null}," +
        "\"logprobs\":null,\"finish_reason\":\"stop\"}]," +
        "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":8,\"total_tokens\":128," +
        "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}," +
        "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}," +
        "\"system_fingerprint\":\"fp_bench\"}";
}
