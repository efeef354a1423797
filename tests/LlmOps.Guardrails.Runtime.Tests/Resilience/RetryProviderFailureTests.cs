using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LlmOps.Guardrails.Runtime.Resilience;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience;

/// <summary>ProviderFailure.Classify and Retry-After parsing, without a server.</summary>
public class RetryProviderFailureTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("1", null, 1000)]
    [InlineData("0.5", null, 500)]
    [InlineData(null, "20", 20)]
    [InlineData("7", "20", 20)]
    [InlineData("-3", null, 0)]
    [InlineData("100000", null, 120000)]
    public void Retry_after_headers_parse_and_cap(string? retryAfter, string? retryAfterMs, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ProviderFailure.ParseRetryAfter(retryAfter, retryAfterMs, Now));
    }

    [Fact]
    public void Retry_after_http_date_is_relative_to_now()
    {
        string date = Now.AddSeconds(30).ToString("r");
        Assert.Equal(TimeSpan.FromSeconds(30), ProviderFailure.ParseRetryAfter(date, null, Now));
        Assert.Equal(TimeSpan.Zero, ProviderFailure.ParseRetryAfter(Now.AddSeconds(-30).ToString("r"), null, Now));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("soon", null)]
    [InlineData("", "abc")]
    public void Unparseable_retry_after_is_null(string? retryAfter, string? retryAfterMs)
    {
        Assert.Null(ProviderFailure.ParseRetryAfter(retryAfter, retryAfterMs, Now));
    }

    [Theory]
    [InlineData(408, ProviderFailureKind.Transient)]
    [InlineData(409, ProviderFailureKind.Transient)]
    [InlineData(429, ProviderFailureKind.Transient)]
    [InlineData(500, ProviderFailureKind.Transient)]
    [InlineData(529, ProviderFailureKind.Transient)]
    [InlineData(400, ProviderFailureKind.Permanent)]
    [InlineData(401, ProviderFailureKind.Permanent)]
    [InlineData(403, ProviderFailureKind.Permanent)]
    [InlineData(404, ProviderFailureKind.Permanent)]
    [InlineData(422, ProviderFailureKind.Permanent)]
    public void Http_request_exception_status_decides(int status, ProviderFailureKind expected)
    {
        var ex = new HttpRequestException("boom", null, (HttpStatusCode)status);
        ProviderFailure failure = ProviderFailure.Classify(ex, CancellationToken.None);
        Assert.Equal(expected, failure.Kind);
        Assert.Equal(status, failure.StatusCode);
    }

    [Fact]
    public void Transport_and_parse_failures_are_transient()
    {
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(new HttpRequestException("no connection"), default).Kind);
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), default).Kind);
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(new SocketException((int)SocketError.ConnectionReset), default).Kind);
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(new JsonException("bad"), default).Kind);
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(new TimeoutException(), default).Kind);
        Assert.Equal(ProviderFailureKind.Permanent, ProviderFailure.Classify(new InvalidOperationException("bug"), default).Kind);
    }

    [Fact]
    public void Cancellation_is_cancelled_only_when_the_caller_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var ex = new TaskCanceledException("timed out");
        Assert.Equal(ProviderFailureKind.Transient, ProviderFailure.Classify(ex, cts.Token).Kind);
        cts.Cancel();
        Assert.Equal(ProviderFailureKind.Cancelled, ProviderFailure.Classify(ex, cts.Token).Kind);
        Assert.Equal(ProviderFailureKind.Cancelled, ProviderFailure.Classify(new IOException("aborted"), cts.Token).Kind);
    }
}
