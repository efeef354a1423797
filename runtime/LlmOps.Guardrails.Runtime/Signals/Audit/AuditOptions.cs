using System;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>How the audit trail records calls. The defaults store hashes, never text, and never fail a call.</summary>
    public sealed class AuditOptions
    {
        /// <summary>
        /// Store the request messages (as they reached the provider side, after PII redaction) and the answer's text in
        /// each record (<c>input</c>, <c>output</c>). Off by default: records carry only <c>inputHash</c>/<c>outputHash</c>.
        /// </summary>
        public bool IncludeText { get; set; }

        /// <summary>
        /// Write each record on the call's own path and throw <see cref="AuditWriteException"/> from the observer when it
        /// cannot be written after the retries, so no call goes unrecorded. Off by default: records are buffered and
        /// written in the background, and a failure is counted and logged without failing the call.
        /// </summary>
        public bool FailClosed { get; set; }

        /// <summary>Records waiting for the background writer at most; one more is dropped, counted and logged. Default 10,000.</summary>
        public int BufferCapacity { get; set; } = 10_000;

        /// <summary>Records written in one batch (one durable flush) at most. Default 256.</summary>
        public int MaxBatchSize { get; set; } = 256;

        /// <summary>Attempts per batch before its records are given up as write failures. Default 4.</summary>
        public int MaxWriteAttempts { get; set; } = 4;

        /// <summary>The wait after the first failed attempt; doubled after each further one. Default 100 ms.</summary>
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>The clock of the backoff waits (and of nothing else: records keep the call's own start time).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>Where write failures and dropped records are logged; null logs nothing (they are still counted).</summary>
        public ILogger? Logger { get; set; }

        internal void Validate()
        {
            if (BufferCapacity < 1) throw new ArgumentOutOfRangeException(nameof(BufferCapacity), BufferCapacity, "The audit buffer must hold at least one record.");
            if (MaxBatchSize < 1) throw new ArgumentOutOfRangeException(nameof(MaxBatchSize), MaxBatchSize, "A batch holds at least one record.");
            if (MaxWriteAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxWriteAttempts), MaxWriteAttempts, "At least one attempt is made.");
            if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "The retry delay cannot be negative.");
            if (TimeProvider is null) throw new ArgumentNullException(nameof(TimeProvider));
        }
    }
}
