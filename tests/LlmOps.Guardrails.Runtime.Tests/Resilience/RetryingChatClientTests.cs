using System.ClientModel;
using System.Diagnostics;
using Anthropic.Exceptions;
using LlmOps.Guardrails.Runtime.Resilience;
using LlmOps.Guardrails.Runtime.Tests.Fakes;
using LlmOps.Guardrails.Runtime.Tests.Providers;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience;

/// <summary>RetryingChatClient over the real OpenAI and Anthropic clients against the fake provider server.</summary>
public class RetryingChatClientTests
{
    public static TheoryData<string> Providers => new() { "openai", "anthropic" };

    private static RetryOptions Fast(AutoAdvancingTimeProvider? time = null, int maxAttempts = 3) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        TotalDeadline = TimeSpan.FromSeconds(30),
        TimeProvider = time,
    };

    private static int? StatusOf(Exception ex) => ex switch
    {
        ClientResultException c => c.Status,
        AnthropicApiException a => (int)a.StatusCode,
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sdk_retries_are_off_one_request_per_attempt(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Error(503);
        using IChatClient raw = ProviderTestKit.Create(provider, server);

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => raw.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Equal(503, StatusOf(ex));
        await Task.Delay(50);
        Assert.Equal(1, server.RequestCount);

        server.DefaultResponse = FakeResponse.RateLimitedMs(1);
        await Assert.ThrowsAnyAsync<Exception>(() => raw.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));
        await Task.Delay(50);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RateLimited_with_Retry_After_seconds_waits_the_hint(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.RateLimited(retryAfterSeconds: 1));
        var time = new AutoAdvancingTimeProvider();
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast(time));

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hello from the fake provider", response.Text);
        Assert.Equal(2, server.RequestCount);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(time.Delays));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RateLimited_with_retry_after_ms_waits_at_least_the_hint(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.RateLimitedMs(120));
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        var watch = Stopwatch.StartNew();
        await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());
        watch.Stop();

        Assert.Equal(2, server.RequestCount);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(110), $"waited {watch.Elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData("openai", 500)]
    [InlineData("openai", 502)]
    [InlineData("openai", 503)]
    [InlineData("openai", 529)]
    [InlineData("anthropic", 500)]
    [InlineData("anthropic", 502)]
    [InlineData("anthropic", 503)]
    [InlineData("anthropic", 529)]
    public async Task Server_errors_are_retried_then_succeed(string provider, int status)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Error(status), FakeResponse.Error(status));
        var time = new AutoAdvancingTimeProvider();
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast(time));

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hello from the fake provider", response.Text);
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(2, time.Delays.Count);
    }

    [Theory]
    [InlineData("openai", 400)]
    [InlineData("openai", 401)]
    [InlineData("openai", 403)]
    [InlineData("anthropic", 400)]
    [InlineData("anthropic", 401)]
    [InlineData("anthropic", 403)]
    public async Task Request_errors_are_not_retried_and_surface_with_status(string provider, int status)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Error(status);
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Equal(status, StatusOf(ex));
        Assert.Equal(1, server.RequestCount);
        Assert.Equal(1, ex.Data[RetryingChatClient.AttemptsKey]);
        ProviderFailure failure = ProviderFailure.Classify(ex, CancellationToken.None);
        Assert.Equal(ProviderFailureKind.Permanent, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Timeout_is_retried(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Delayed(TimeSpan.FromSeconds(3)));
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server, timeout: TimeSpan.FromMilliseconds(600)), Fast());

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hello from the fake provider", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Connection_reset_is_retried(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Reset());
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hello from the fake provider", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Malformed_json_is_retried_then_surfaced(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.MalformedJson();
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Equal(3, server.RequestCount);
        Assert.Equal(3, ex.Data[RetryingChatClient.AttemptsKey]);
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(ex, CancellationToken.None).Kind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Malformed_json_once_is_retried_then_succeeds(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.MalformedJson());
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        ChatResponse response = await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal("Hello from the fake provider", response.Text);
        Assert.Equal(2, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_failure_after_first_update_is_surfaced_not_retried(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.MidStreamReset(chunksBeforeFailure: 2));
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(
            client.GetStreamingResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.NotNull(error);
        Assert.NotEmpty(updates);
        Assert.StartsWith("one ", string.Concat(updates.Select(u => u.Text)));
        await Task.Delay(50);
        Assert.Equal(1, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Streaming_failure_before_first_update_is_retried(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Error(503), FakeResponse.MidStreamReset(chunksBeforeFailure: 0));
        server.DefaultResponse = FakeResponse.Ok("alpha beta");
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast(maxAttempts: 4));

        (List<ChatResponseUpdate> updates, Exception? error) = await ProviderTestKit.Drain(
            client.GetStreamingResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Null(error);
        Assert.Equal("alpha beta", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(3, server.RequestCount);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Attempts_exhausted_surfaces_last_error_with_attempt_count(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Error(500);
        var time = new AutoAdvancingTimeProvider();
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast(time, maxAttempts: 4));

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Equal(500, StatusOf(ex));
        Assert.Equal(4, server.RequestCount);
        Assert.Equal(4, ex.Data[RetryingChatClient.AttemptsKey]);
        Assert.Equal(3, time.Delays.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retry_After_beyond_the_deadline_gives_up_at_once(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.RateLimited(retryAfterSeconds: 10);
        var time = new AutoAdvancingTimeProvider();
        RetryOptions options = Fast(time);
        options.TotalDeadline = TimeSpan.FromSeconds(5);
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), options);

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        Assert.Equal(429, StatusOf(ex));
        Assert.Equal(1, server.RequestCount);
        Assert.Empty(time.Delays);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Total_deadline_bounds_the_retries(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Error(503);
        var time = new AutoAdvancingTimeProvider();
        var options = new RetryOptions
        {
            MaxAttempts = 50,
            BaseDelay = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(4),
            UseJitter = false,
            TotalDeadline = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        };
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), options);

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options()));

        // Waits 1 + 2 + 4 = 7 s; the next 4 s would end past 10 s, so the 4th failure is the last.
        Assert.Equal(503, StatusOf(ex));
        Assert.Equal(new[] { 1d, 2d, 4d }, time.Delays.Select(d => d.TotalSeconds).ToArray());
        Assert.Equal(4, server.RequestCount);
        Assert.Equal(4, ex.Data[RetryingChatClient.AttemptsKey]);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Caller_cancellation_is_not_retried(string provider)
    {
        await using var server = FakeProviderServer.Start();
        server.DefaultResponse = FakeResponse.Delayed(TimeSpan.FromSeconds(5));
        using var client = new RetryingChatClient(ProviderTestKit.Create(provider, server), Fast());
        using var cts = new CancellationTokenSource();

        Task<ChatResponse> call = client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options(), cts.Token);
        for (int i = 0; i < 500 && server.RequestCount == 0; i++) await Task.Delay(10);
        cts.Cancel();
        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => call);

        Assert.Equal(ProviderFailureKind.Cancelled, ProviderFailure.Classify(ex, cts.Token).Kind);
        await Task.Delay(150);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Attempts_are_recorded_on_the_current_activity()
    {
        await using var server = FakeProviderServer.Start();
        server.Enqueue(FakeResponse.Error(500));
        using var client = new RetryingChatClient(ProviderTestKit.OpenAI(server), Fast(new AutoAdvancingTimeProvider()));
        using var activity = new Activity("test").Start();

        await client.GetResponseAsync(ProviderTestKit.Hello(), ProviderTestKit.Options());

        Assert.Equal(2, activity.GetTagItem(RetryingChatClient.AttemptsKey));
    }
}
