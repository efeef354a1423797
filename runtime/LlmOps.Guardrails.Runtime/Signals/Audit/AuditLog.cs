using System;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>The audit trail's log events (ids 7301-7304, category of the logger given in <see cref="AuditOptions.Logger"/>).</summary>
    internal static class AuditLog
    {
        public static readonly EventId WriteRetriedEvent = new EventId(7301, "AuditWriteRetried");
        public static readonly EventId WriteFailedEvent = new EventId(7302, "AuditWriteFailed");
        public static readonly EventId BufferFullEvent = new EventId(7303, "AuditBufferFull");
        public static readonly EventId ClosedEvent = new EventId(7304, "AuditRecordAfterClose");

        private static readonly Action<ILogger, int, int, double, Exception?> Retried = LoggerMessage.Define<int, int, double>(
            LogLevel.Warning,
            WriteRetriedEvent,
            "Audit write attempt {Attempt} of {MaxAttempts} failed; retrying in {DelayMs} ms");

        private static readonly Action<ILogger, int, int, string, Exception?> Failed = LoggerMessage.Define<int, int, string>(
            LogLevel.Error,
            WriteFailedEvent,
            "{Records} audit record(s) could not be written after {Attempts} attempts ({ErrorType}) and are lost; they are counted in llmops.audit.write_failures");

        private static readonly Action<ILogger, int, Exception?> Full = LoggerMessage.Define<int>(
            LogLevel.Error,
            BufferFullEvent,
            "The audit buffer is full ({Capacity} records waiting for the writer); a record was dropped and counted in llmops.audit.write_failures");

        private static readonly Action<ILogger, Exception?> AfterClose = LoggerMessage.Define(
            LogLevel.Error,
            ClosedEvent,
            "A call finished after the audit trail was closed; its record was dropped and counted in llmops.audit.write_failures");

        public static void WriteRetried(ILogger? logger, int attempt, int maxAttempts, TimeSpan delay, Exception error)
        {
            if (logger is not null) Retried(logger, attempt, maxAttempts, delay.TotalMilliseconds, error);
        }

        public static void WriteFailed(ILogger? logger, int records, int attempts, Exception error)
        {
            if (logger is not null) Failed(logger, records, attempts, error.GetType().Name, error);
        }

        public static void BufferFull(ILogger? logger, int capacity)
        {
            if (logger is not null) Full(logger, capacity, null);
        }

        public static void RecordAfterClose(ILogger? logger)
        {
            if (logger is not null) AfterClose(logger, null);
        }
    }
}
