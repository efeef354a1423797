using System;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>
    /// Thrown by an <see cref="ILlmCallObserver"/> that was asked to fail closed (an audit trail that must keep every
    /// record) when it could not keep the call's record. It fails the call; every other observer exception is swallowed,
    /// so that a signal's fault never changes a call's outcome unless the application asked for that.
    /// </summary>
    public class CallRecordNotKeptException : Exception
    {
        public CallRecordNotKeptException(string message, Exception? innerException = null)
            : base(message, innerException)
        {
        }
    }
}
