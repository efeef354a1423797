using System.Net;
using System.Text;
using Anthropic;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Cost;

/// <summary>
/// The real Anthropic SDK (13.12.0) <c>AsIChatClient</c> over an in-memory HTTP handler that answers with canned Messages
/// API JSON (or SSE when the request streams), so tests see exactly the UsageDetails the SDK builds.
/// </summary>
internal static class AnthropicWire
{
    public const string Model = "claude-sonnet-4-5-20250929";

    // input_tokens excludes cache reads and writes, as the Messages API reports it.
    private const string Usage =
        "\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":500," +
        "\"cache_creation\":{\"ephemeral_5m_input_tokens\":400,\"ephemeral_1h_input_tokens\":100},\"output_tokens\":50";

    public const string Json =
        "{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + Model + "\"," +
        "\"content\":[{\"type\":\"text\",\"text\":\"hi there\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null," +
        "\"usage\":{" + Usage + ",\"service_tier\":\"standard\"}}";

    public const string Sse =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + Model + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":500,\"cache_creation\":{\"ephemeral_5m_input_tokens\":400,\"ephemeral_1h_input_tokens\":100},\"output_tokens\":1}}}\n\n" +
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi \"}}\n\n" +
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"there\"}}\n\n" +
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n" +
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":100,\"cache_read_input_tokens\":1000,\"cache_creation_input_tokens\":500,\"output_tokens\":50}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    public static IChatClient Client(List<string>? requests = null)
    {
        var http = new HttpClient(new Handler(requests));
        var client = new AnthropicClient { ApiKey = "test-key", HttpClient = http, BaseUrl = "http://127.0.0.1:9" };
        return client.AsIChatClient(Model, 256);
    }

    /// <summary>The SDK with its own default HTTP stack against a loopback <see cref="HttpListener"/> serving one canned answer.</summary>
    public static async Task<ChatResponse> OverLoopbackAsync(IEnumerable<ChatMessage> messages)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serve = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await reader.ReadToEndAsync();
            }

            var bytes = Encoding.UTF8.GetBytes(Json);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        });

        var client = new AnthropicClient { ApiKey = "test-key", BaseUrl = $"http://127.0.0.1:{port}", MaxRetries = 0 };
        var response = await client.AsIChatClient(Model, 256).GetResponseAsync(messages);
        await serve;
        return response;
    }

    private sealed class Handler : HttpMessageHandler
    {
        private readonly List<string>? requests;

        public Handler(List<string>? requests) => this.requests = requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (this)
            {
                requests?.Add(body);
            }

            var streaming = body.Contains("\"stream\":true", StringComparison.Ordinal);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(streaming ? Sse : Json, Encoding.UTF8, streaming ? "text/event-stream" : "application/json"),
            };
        }
    }
}
