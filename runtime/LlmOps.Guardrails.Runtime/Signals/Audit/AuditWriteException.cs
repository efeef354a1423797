using System;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// Thrown from the call's path with <see cref="AuditOptions.FailClosed"/> when its audit record could not be written
    /// after every attempt. The inner exception is the last write failure.
    /// </summary>
    public sealed class AuditWriteException : CallRecordNotKeptException
    {
        public AuditWriteException(string message, Exception innerException)
            : base(message, innerException)
        {
        }
    }
}
