using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ScriptedProvider;

/// <summary>
/// Serves OpenAI <c>POST /v1/chat/completions</c> and Anthropic <c>POST /v1/messages</c> on loopback with scripted
/// answers, so that record.sh can make the sample's cassettes without a provider key.
/// Usage: ScriptedProvider --datasets &lt;folder&gt; --url-file &lt;path&gt;
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string datasets = Argument(args, "--datasets") ?? Path.Combine("..", "..", "datasets");
        string? urlFile = Argument(args, "--url-file");
        var index = CaseIndex.Load(datasets);
        var responder = new ScriptedResponder(index);

        int port = FreePort();
        using var listener = new HttpListener();
        string url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(url);
        listener.Start();
        if (urlFile is not null) WriteAtomically(urlFile, url);
        Console.WriteLine($"scripted provider: {index.Count} golden cases, listening on {url}");

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
        using var registration = stop.Token.Register(listener.Stop);
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                break;
            }

            _ = Task.Run(() => HandleAsync(context, responder));
        }

        return 0;
    }

    private static async Task HandleAsync(HttpListenerContext context, ScriptedResponder responder)
    {
        string path = context.Request.Url?.AbsolutePath ?? string.Empty;
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
        int status = 200;
        string json;
        try
        {
            var request = ProviderRequest.Parse(path, body);
            string? text = responder.Answer(request, out string? problem, out int latencyMs);
            if (text is null)
            {
                status = 400;
                json = ProviderResponse.Error(problem ?? "unrecognised request");
                Console.Error.WriteLine($"400 {path}: {problem}");
            }
            else
            {
                await Task.Delay(latencyMs).ConfigureAwait(false);
                json = ProviderResponse.Format(request, text, responder.NextCallNumber());
            }
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            status = 400;
            json = ProviderResponse.Error("malformed request: " + ex.Message);
            Console.Error.WriteLine($"400 {path}: {ex.Message}");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void WriteAtomically(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    private static string? Argument(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
