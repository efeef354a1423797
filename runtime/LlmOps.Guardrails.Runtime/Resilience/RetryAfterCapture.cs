using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Resilience
{
    /// <summary>
    /// Carries a Retry-After hint from the HTTP layer to <see cref="ProviderFailure.Classify"/> when the SDK's exception
    /// does not expose response headers (the Anthropic SDK's do not). <see cref="RetryingChatClient"/> opens a slot per
    /// call; <see cref="RetryAfterCaptureHandler"/> writes into it; <see cref="Take"/> reads and clears it.
    /// </summary>
    internal class RetryAfterCapture
    {
        private static readonly AsyncLocal<RetryAfterCapture?> s_current = new();
        private static bool s_inUse;
        private long _ticks = -1;

        public static RetryAfterCapture? Current => s_current.Value;

        /// <summary>
        /// True once a <see cref="RetryAfterCaptureHandler"/> has been made in this process. Until then nothing can write
        /// a hint, so the retry opens no slot: setting one changes the execution context, an allocation on every call.
        /// Providers build their HTTP pipeline (and this handler) before their first call, so no hint is missed.
        /// </summary>
        public static bool IsInUse => Volatile.Read(ref s_inUse);

        internal static void MarkInUse() => Volatile.Write(ref s_inUse, true);

        /// <summary>Makes <paramref name="slot"/> the current slot for this async flow (and everything it calls).</summary>
        public static void Enter(RetryAfterCapture? slot) => s_current.Value = slot;

        public void Set(TimeSpan value) => Interlocked.Exchange(ref _ticks, value.Ticks);

        public TimeSpan? Take()
        {
            long ticks = Interlocked.Exchange(ref _ticks, -1);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>Copies Retry-After / retry-after-ms of a failed response into the current <see cref="RetryAfterCapture"/>.</summary>
    internal sealed class RetryAfterCaptureHandler : DelegatingHandler
    {
        public RetryAfterCaptureHandler() => RetryAfterCapture.MarkInUse();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && RetryAfterCapture.Current is { } slot)
            {
                string? ms = response.Headers.TryGetValues("retry-after-ms", out var msValues) ? First(msValues) : null;
                string? ra = response.Headers.TryGetValues("Retry-After", out var raValues) ? First(raValues) : null;
                if (ProviderFailure.ParseRetryAfter(ra, ms, DateTimeOffset.UtcNow) is TimeSpan hint) slot.Set(hint);
            }

            return response;
        }

        private static string? First(System.Collections.Generic.IEnumerable<string> values)
        {
            foreach (string v in values) return v;
            return null;
        }
    }
}
