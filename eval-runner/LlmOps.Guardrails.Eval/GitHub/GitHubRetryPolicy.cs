using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// Which GitHub answers are worth another attempt, and after how long: 5xx, and the secondary rate limit
/// (403 or 429 with Retry-After, or with x-ratelimit-remaining: 0). Waits are capped so a CI step never hangs.
/// </summary>
internal sealed class GitHubRetryPolicy
{
    public static readonly GitHubRetryPolicy Default = new(maxAttempts: 4, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(60));

    public GitHubRetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>The wait before the next attempt, or null when the response is final.</summary>
    public TimeSpan? DelayAfter(HttpResponseMessage response, int attempt, DateTimeOffset now)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        var backoff = TimeSpan.FromTicks(BaseDelay.Ticks * (1L << Math.Min(attempt - 1, 10)));
        if (status >= 500)
        {
            return Cap(backoff);
        }

        if (status is not (403 or 429))
        {
            return null;
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return Cap(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }

        if (Header(response, "x-ratelimit-remaining") == "0")
        {
            var reset = Header(response, "x-ratelimit-reset");
            if (reset is not null && long.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            {
                var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
                return Cap(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            }

            return Cap(backoff);
        }

        // A plain 403 is a permission problem: retrying cannot help.
        return status == (int)HttpStatusCode.TooManyRequests ? Cap(backoff) : null;
    }

    /// <summary>The plain exponential wait after a failed attempt, or null when no attempt is left.</summary>
    public TimeSpan? BackoffAfter(int attempt) =>
        attempt >= MaxAttempts ? null : Cap(TimeSpan.FromTicks(BaseDelay.Ticks * (1L << Math.Min(attempt - 1, 10))));

    private TimeSpan Cap(TimeSpan wait) => wait > MaxDelay ? MaxDelay : wait;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
