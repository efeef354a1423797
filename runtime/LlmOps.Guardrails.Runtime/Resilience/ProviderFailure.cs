using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using Anthropic.Exceptions;

namespace LlmOps.Guardrails.Runtime.Resilience
{
    public enum ProviderFailureKind
    {
        /// <summary>Worth another attempt: 408, 409, 429, 5xx, 529 overloaded, timeouts, connection resets, a truncated or malformed response.</summary>
        Transient,

        /// <summary>The request itself is wrong or not allowed (400, 401, 403, 404, 422): retrying cannot help.</summary>
        Permanent,

        /// <summary>The caller cancelled: never retried, never failed over.</summary>
        Cancelled,
    }

    /// <summary>A provider call's failure as the retry and fallback middleware see it, whichever SDK raised it.</summary>
    /// <remarks>
    /// Recognised: <see cref="ClientResultException"/> (OpenAI SDK: status and raw response headers),
    /// <see cref="AnthropicApiException"/> and its subclasses (status; the Retry-After headers are not on the exception,
    /// so <see cref="Providers.LlmOpsProviders.Anthropic"/> captures them with an HTTP handler while a
    /// <see cref="RetryingChatClient"/> call is in flight), <see cref="AnthropicIOException"/>,
    /// <see cref="AnthropicInvalidDataException"/>, <see cref="AnthropicSseException"/>, <see cref="HttpRequestException"/>
    /// (with <c>StatusCode</c> on .NET 5+), <see cref="OperationCanceledException"/> (caller token cancelled →
    /// <see cref="ProviderFailureKind.Cancelled"/>, otherwise a timeout → <see cref="ProviderFailureKind.Transient"/>),
    /// <see cref="IOException"/>/<see cref="SocketException"/> (resets, truncation) and <see cref="JsonException"/>/
    /// <see cref="FormatException"/> (malformed body). Anything else is <see cref="ProviderFailureKind.Permanent"/>:
    /// an unknown exception is more likely a bug than a blip, and retrying a bug only multiplies the bill.
    /// </remarks>
    public sealed class ProviderFailure
    {
        /// <summary>The largest Retry-After hint honoured; longer hints are capped to this.</summary>
        public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

        private static readonly ProviderFailure s_cancelled = new() { Kind = ProviderFailureKind.Cancelled };
        private static readonly ProviderFailure s_transient = new() { Kind = ProviderFailureKind.Transient };
        private static readonly ProviderFailure s_permanent = new() { Kind = ProviderFailureKind.Permanent };

        public ProviderFailureKind Kind { get; init; }

        /// <summary>HTTP status when the failure carried one.</summary>
        public int? StatusCode { get; init; }

        /// <summary>The server's Retry-After / retry-after-ms, when it sent one (capped to <see cref="MaxRetryAfter"/>).</summary>
        public TimeSpan? RetryAfter { get; init; }

        /// <summary>True when another attempt could succeed.</summary>
        public bool IsTransient => Kind == ProviderFailureKind.Transient;

        public override string ToString() =>
            Kind + (StatusCode is int s ? " " + s.ToString(CultureInfo.InvariantCulture) : string.Empty)
                 + (RetryAfter is TimeSpan r ? " retry-after " + r.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms" : string.Empty);

        /// <summary>Classifies <paramref name="exception"/>; <paramref name="callerToken"/> tells caller cancellation from a timeout.</summary>
        public static ProviderFailure Classify(Exception exception, CancellationToken callerToken) =>
            Classify(exception, callerToken, RetryAfterCapture.Current);

        internal static ProviderFailure Classify(Exception exception, CancellationToken callerToken, RetryAfterCapture? capture)
        {
            if (exception is null) throw new ArgumentNullException(nameof(exception));

            // Caller cancellation wins over whatever the SDK turned it into (a cancelled read can surface as an IOException).
            if (callerToken.IsCancellationRequested) return s_cancelled;

            switch (exception)
            {
                case ClientResultException cre:
                {
                    PipelineResponse? raw = cre.GetRawResponse();
                    int status = cre.Status != 0 ? cre.Status : raw?.Status ?? 0;
                    if (status == 0)
                    {
                        // No response at all: the transport failed (reset, DNS, timeout inside the pipeline).
                        return exception.InnerException is { } inner ? Classify(inner, callerToken, capture) : s_transient;
                    }

                    TimeSpan? retryAfter = null;
                    if (raw is not null)
                    {
                        raw.Headers.TryGetValue("retry-after-ms", out string? ms);
                        raw.Headers.TryGetValue("Retry-After", out string? ra);
                        retryAfter = ParseRetryAfter(ra, ms, DateTimeOffset.UtcNow);
                    }

                    return FromStatus(status, retryAfter);
                }

                case AnthropicApiException api:
                    return FromStatus((int)api.StatusCode, capture?.Take());

                case AnthropicSseException:
                    // An error event inside a stream (e.g. overloaded_error): the server's problem, not the request's.
                    return s_transient;

                case AnthropicIOException:
                case AnthropicInvalidDataException:
                    return s_transient;

                case HttpRequestException hre:
                {
#if NET5_0_OR_GREATER
                    if (hre.StatusCode is System.Net.HttpStatusCode code) return FromStatus((int)code, null);
#endif
                    _ = hre;
                    return s_transient; // no status: the connection failed
                }

                case OperationCanceledException:
                    // The caller's token is not cancelled, so an SDK or HttpClient timeout fired.
                    return s_transient;

                case TimeoutException:
                case IOException:
                case SocketException:
                case JsonException:
                case FormatException:
                    return s_transient;

                case AggregateException agg when agg.InnerExceptions.Count == 1:
                    return Classify(agg.InnerExceptions[0], callerToken, capture);
            }

            // SDKs sometimes wrap the transport exception in their own or a generic one.
            return exception.InnerException is { } innerException
                ? Classify(innerException, callerToken, capture)
                : s_permanent;
        }

        /// <summary>The kind an HTTP status implies: 408, 409, 429 and 5xx (incl. 529) are transient, other 4xx permanent.</summary>
        public static ProviderFailure FromStatus(int status, TimeSpan? retryAfter)
        {
            ProviderFailureKind kind = status == 408 || status == 409 || status == 429 || status >= 500
                ? ProviderFailureKind.Transient
                : status >= 400 ? ProviderFailureKind.Permanent : ProviderFailureKind.Transient;
            return new ProviderFailure { Kind = kind, StatusCode = status, RetryAfter = retryAfter };
        }

        /// <summary>
        /// Parses the server's hint: <c>retry-after-ms</c> (milliseconds, preferred when present) or <c>Retry-After</c>
        /// (delta-seconds or an HTTP-date relative to <paramref name="now"/>). Negative hints become zero; hints above
        /// <see cref="MaxRetryAfter"/> are capped. Null when neither header parses.
        /// </summary>
        public static TimeSpan? ParseRetryAfter(string? retryAfter, string? retryAfterMs, DateTimeOffset now)
        {
            TimeSpan? value = null;
            if (!string.IsNullOrWhiteSpace(retryAfterMs)
                && double.TryParse(retryAfterMs!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms)
                && !double.IsNaN(ms) && !double.IsInfinity(ms))
            {
                value = TimeSpan.FromMilliseconds(Math.Min(Math.Max(ms, 0), MaxRetryAfter.TotalMilliseconds));
            }
            else if (!string.IsNullOrWhiteSpace(retryAfter))
            {
                string text = retryAfter!.Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
                    && !double.IsNaN(seconds) && !double.IsInfinity(seconds))
                {
                    value = TimeSpan.FromSeconds(Math.Min(Math.Max(seconds, 0), MaxRetryAfter.TotalSeconds));
                }
                else if (DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset date)
                         || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date))
                {
                    TimeSpan delta = date - now;
                    value = delta < TimeSpan.Zero ? TimeSpan.Zero : delta > MaxRetryAfter ? MaxRetryAfter : delta;
                }
            }

            return value;
        }
    }
}
