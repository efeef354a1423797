using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Octokit;
using Polly;
using Polly.Retry;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// Which GitHub answers are worth another attempt, and after how long: 5xx, the primary rate limit
/// (x-ratelimit-remaining: 0, waiting until x-ratelimit-reset) and the secondary one (403 or 429 with Retry-After).
/// Octokit itself never retries; this wraps each call in a Polly retry. Waits are capped so a CI step never hangs.
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

    /// <summary>
    /// Runs <paramref name="call"/>, retrying the failures <see cref="DelayAfter"/> names; the last failure is rethrown.
    /// <paramref name="retryServerErrors"/> false: a 5xx is final (the call may have taken effect).
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<Task<T>> call, string operation, bool retryServerErrors, Action<string> log, CancellationToken ct)
    {
        TimeSpan? Retryable(Outcome<T> outcome, int attempt) =>
            outcome.Exception is ApiException failure && (retryServerErrors || (int)failure.StatusCode < 500)
                ? DelayAfter(failure, attempt, DateTimeOffset.UtcNow)
                : null;

        var pipeline = new ResiliencePipelineBuilder<T>()
            .AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                // Polly counts retries from 0; attempts here count from 1 (the one that just failed).
                ShouldHandle = args => ValueTask.FromResult(Retryable(args.Outcome, args.AttemptNumber + 1) is not null),
                DelayGenerator = args => ValueTask.FromResult(Retryable(args.Outcome, args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    var status = (int)((ApiException)args.Outcome.Exception!).StatusCode;
                    log($"GitHub answered HTTP {status} to '{operation}'; attempt {args.AttemptNumber + 2} of {MaxAttempts} in {args.RetryDelay.TotalSeconds:0.#} s.");
                    return default;
                },
            })
            .Build();
        return await pipeline.ExecuteAsync(async _ => await call().ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, or null when the failure is final.</summary>
    public TimeSpan? DelayAfter(ApiException failure, int attempt, DateTimeOffset now)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var status = (int)failure.StatusCode;
        if (status >= 500)
        {
            return BackoffAfter(attempt);
        }

        if (status is not (403 or 429))
        {
            return null;
        }

        if (Header(failure, "Retry-After") is { } retryAfter)
        {
            var wait = int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date - now : TimeSpan.Zero;
            return Cap(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }

        if (Header(failure, "x-ratelimit-remaining") == "0")
        {
            if (Header(failure, "x-ratelimit-reset") is { } reset && long.TryParse(reset, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            {
                var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
                return Cap(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            }

            return BackoffAfter(attempt);
        }

        // A plain 403 is a permission problem: retrying cannot help.
        return status == (int)HttpStatusCode.TooManyRequests ? BackoffAfter(attempt) : null;
    }

    /// <summary>The plain exponential wait after a failed attempt, or null when no attempt is left.</summary>
    public TimeSpan? BackoffAfter(int attempt) =>
        attempt >= MaxAttempts ? null : Cap(TimeSpan.FromTicks(BaseDelay.Ticks * (1L << Math.Min(attempt - 1, 10))));

    private TimeSpan Cap(TimeSpan wait) => wait > MaxDelay ? MaxDelay : wait;

    // Octokit keeps the response headers in a case-sensitive dictionary; HTTP header names are not.
    private static string? Header(ApiException failure, string name) =>
        failure.HttpResponse?.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
