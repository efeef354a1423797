using System;

namespace LlmOps.Guardrails.Runtime.Resilience
{
    /// <summary>Options of <see cref="RetryingChatClient"/>. Read once, when the client is constructed.</summary>
    public sealed class RetryOptions
    {
        /// <summary>Attempts in total, the first included (1 = never retry). Default 3.</summary>
        public int MaxAttempts { get; set; } = 3;

        /// <summary>Backoff before the first retry; doubled for each further retry. Default 0.5 s.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(0.5);

        /// <summary>Cap of one backoff delay (a server's Retry-After is honoured up to <see cref="ProviderFailure.MaxRetryAfter"/>). Default 30 s.</summary>
        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Time budget of one call, attempts and waits included, measured from the first attempt. A retry whose wait would
        /// end past it is not made: the last error is thrown at once. An attempt already in flight is bounded by the
        /// provider client's own network timeout. Default 60 s.
        /// </summary>
        public TimeSpan TotalDeadline { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>Randomise each backoff delay to between half and all of its value, so clients do not retry in lockstep. Default true.</summary>
        public bool UseJitter { get; set; } = true;

        /// <summary>Clock for the waits and the deadline; <see cref="TimeProvider.System"/> when null. Tests pass a fake.</summary>
        public TimeProvider? TimeProvider { get; set; }
    }
}
