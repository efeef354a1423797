using System;
using System.Net;

namespace LlmOps.Guardrails.Core.Tokenization.Remote;

/// <summary>A count-tokens endpoint failed. The message never contains the key.</summary>
public sealed class RemoteTokenCountException : Exception
{
    public RemoteTokenCountException(string message, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the endpoint answered with, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }
}
