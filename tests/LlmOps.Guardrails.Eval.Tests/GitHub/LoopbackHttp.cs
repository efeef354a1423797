using System.Net;
using System.Net.Sockets;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>An HttpListener on a free loopback port, for the fake servers of these tests.</summary>
internal static class LoopbackHttp
{
    // Another test can take the probed port before HttpListener binds it: probe again then.
    public static (HttpListener Listener, Uri Url) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}/");
            var candidate = new HttpListener();
            candidate.Prefixes.Add(url.ToString());
            try
            {
                candidate.Start();
                return (candidate, url);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                candidate.Close();
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
