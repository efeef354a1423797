using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmOps.Guardrails.Runtime.Telemetry;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>The audit trail's instruments, on the library's meter (<see cref="LlmOpsTelemetry.MeterName"/>).</summary>
    public static class AuditTelemetry
    {
        /// <summary><c>llmops.audit.write_failures</c>: counter, <c>{record}</c>, records that never reached the sink.</summary>
        public const string WriteFailuresInstrument = "llmops.audit.write_failures";

        /// <summary>The tag saying why: <c>write_failed</c>, <c>buffer_full</c> or <c>closed</c>.</summary>
        public const string ReasonTag = "llmops.audit.reason";

        public const string WriteFailed = "write_failed";
        public const string BufferFull = "buffer_full";
        public const string Closed = "closed";

        private static readonly Counter<long> WriteFailures = LlmOpsTelemetry.Meter.CreateCounter<long>(
            WriteFailuresInstrument,
            "{record}",
            "Audit records lost: not written after every retry, dropped from a full buffer, or offered after shutdown.");

        internal static void CountLost(long records, string reason)
        {
            if (WriteFailures.Enabled && records > 0)
            {
                WriteFailures.Add(records, new TagList { { ReasonTag, reason } });
            }
        }
    }
}
