using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmOps.Guardrails.Core.Tests.RemoteTokenCounting;

/// <summary>A real HTTP server on 127.0.0.1 that records each request and answers with a scripted status and body.</summary>
internal sealed class LoopbackJsonServer : IDisposable
{
    private HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackJsonServer(int status, string body)
    {
        // A free port can be taken by a parallel test between probing and binding: probe again and retry.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                _listener = new HttpListener();
            }
        }

        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                Requests.Add(new RecordedRequest(
                    context.Request.HttpMethod,
                    context.Request.Url!.PathAndQuery,
                    context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
                    await reader.ReadToEndAsync()));
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        });
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public List<RecordedRequest> Requests { get; } = [];

    public void Dispose()
    {
        // Close alone: on Linux, Stop() followed by Close() removes the prefixes twice, and the second removal re-binds
        // the port, which fails with "Address already in use" once another test has taken it.
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    internal sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);
}
