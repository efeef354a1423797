using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// A raw TCP listener on another loopback origin (127.0.0.2 where the system routes it, else 127.0.0.1 on its own
/// port) that records every connection and every byte sent to it, and answers "200 []" so a client that does reach it
/// gets a plausible page instead of hanging. Raw TCP, not HTTP: even a request that never completes is seen.
/// </summary>
internal sealed class ForeignHostListener : IDisposable
{
    private readonly TcpListener listener;
    private readonly Task loop;
    private readonly object gate = new();
    private readonly StringBuilder received = new();
    private int connections;

    public ForeignHostListener()
    {
        listener = Bind();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        BaseUrl = new Uri($"http://{endpoint.Address}:{endpoint.Port}/");
        loop = Task.Run(AcceptAsync);
    }

    public Uri BaseUrl { get; }

    public int Connections
    {
        get { lock (gate) return connections; }
    }

    public string Received
    {
        get { lock (gate) return received.ToString(); }
    }

    public void Dispose()
    {
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static TcpListener Bind()
    {
        try
        {
            var other = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
            other.Start();
            return other;
        }
        catch (SocketException)
        {
            // macOS routes only 127.0.0.1 by default; another port is another origin all the same.
            var same = new TcpListener(IPAddress.Loopback, 0);
            same.Start();
            return same;
        }
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (gate) connections++;
            using (client)
            {
                try
                {
                    await RecordAndAnswerAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client went away; what it sent is recorded.
                }
            }
        }
    }

    private async Task RecordAndAnswerAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var text = new StringBuilder();
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            var chunk = Encoding.UTF8.GetString(buffer, 0, read);
            text.Append(chunk);
            lock (gate) received.Append(chunk);
        }

        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
        await stream.WriteAsync(answer, timeout.Token);
    }
}
