using System.Net;
using System.Net.Sockets;

namespace LlmOps.Guardrails.Runtime.Tests.Resilience.Doubles;

/// <summary>Exceptions whose classification is obvious, as providers' SDKs and HttpClient raise them.</summary>
public static class ProviderErrors
{
    public static HttpRequestException Status(int status) =>
        new("Response status code does not indicate success: " + status + ".", null, (HttpStatusCode)status);

    public static HttpRequestException Unavailable() => Status(503);

    public static HttpRequestException BadRequest() => Status(400);

    /// <summary>An HttpClient timeout: a TaskCanceledException whose token is not the caller's.</summary>
    public static TaskCanceledException Timeout() =>
        new("The request was canceled due to the configured HttpClient.Timeout of 100 seconds elapsing.", new TimeoutException("The operation was canceled."));

    /// <summary>A connection reset: HttpRequestException without a status, over an IOException over a SocketException.</summary>
    public static HttpRequestException Reset() =>
        new("An error occurred while sending the request.", new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset)));
}
