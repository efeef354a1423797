using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LlmOps.Guardrails.Runtime.Tests.Fakes;

/// <summary>Which provider protocol a request spoke, by its path.</summary>
public enum FakeProtocol
{
    Unknown,

    /// <summary><c>POST /v1/chat/completions</c></summary>
    OpenAIChatCompletions,

    /// <summary><c>POST /v1/messages</c></summary>
    AnthropicMessages,
}

/// <summary>
/// One request the server received. Credential headers (<c>Authorization</c>, <c>x-api-key</c>, <c>api-key</c>) are
/// stored redacted; <see cref="CredentialMatches"/> compares against a SHA-256 fingerprint instead.
/// </summary>
public sealed class RecordedRequest
{
    internal const string Redacted = "[redacted]";
    private readonly string? _credentialFingerprint;

    internal RecordedRequest(int attempt, string method, string path, IReadOnlyDictionary<string, string> headers, string body, string? credential)
    {
        Attempt = attempt;
        Method = method;
        Path = path;
        Headers = headers;
        Body = body;
        _credentialFingerprint = credential is null ? null : Fingerprint(credential);
        Protocol = path.StartsWith("/v1/chat/completions", StringComparison.Ordinal) ? FakeProtocol.OpenAIChatCompletions
            : path.StartsWith("/v1/messages", StringComparison.Ordinal) ? FakeProtocol.AnthropicMessages
            : FakeProtocol.Unknown;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(body);
            Model = doc.RootElement.TryGetProperty("model", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            IsStreaming = doc.RootElement.TryGetProperty("stream", out JsonElement s) && s.ValueKind == JsonValueKind.True;
            IncludeUsage = doc.RootElement.TryGetProperty("stream_options", out JsonElement so)
                && so.ValueKind == JsonValueKind.Object
                && so.TryGetProperty("include_usage", out JsonElement iu) && iu.ValueKind == JsonValueKind.True;
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>1-based position among all requests this server received.</summary>
    public int Attempt { get; }

    public string Method { get; }

    public string Path { get; }

    /// <summary>Request headers, names case-insensitive, credentials redacted.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The request body (UTF-8).</summary>
    public string Body { get; }

    public FakeProtocol Protocol { get; }

    /// <summary>The body's <c>model</c>, when it had one.</summary>
    public string? Model { get; }

    /// <summary>The body asked for <c>stream: true</c>.</summary>
    public bool IsStreaming { get; }

    /// <summary>The body asked for <c>stream_options.include_usage</c> (OpenAI).</summary>
    public bool IncludeUsage { get; }

    /// <summary>True when the request carried <paramref name="expectedKey"/> as its API key (bearer or x-api-key).</summary>
    public bool CredentialMatches(string expectedKey) =>
        _credentialFingerprint is not null && _credentialFingerprint == Fingerprint(expectedKey);

    /// <summary>Parses <see cref="Body"/>; dispose the result.</summary>
    public JsonDocument Json() => JsonDocument.Parse(Body);

    /// <summary>Method, path and attempt only: safe to print.</summary>
    public override string ToString() => $"#{Attempt} {Method} {Path}";

    private static string Fingerprint(string value) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (raw <see cref="TcpListener"/>, so it can reset connections and cut streams)
/// that speaks enough of OpenAI Chat Completions (<c>POST /v1/chat/completions</c>) and Anthropic Messages
/// (<c>POST /v1/messages</c>) for the real SDK clients, JSON and SSE streaming, with usage details.
/// </summary>
/// <remarks>
/// <para>Script it with <see cref="Enqueue(FakeResponse[])"/>: each request takes the next scripted
/// <see cref="FakeResponse"/>; when the queue is empty it gets <see cref="DefaultResponse"/> (a success).</para>
/// <para>Every request is recorded (<see cref="Requests"/>, <see cref="RequestCount"/>), thread-safely. The server never
/// prints or stores credential header values.</para>
/// <para>Point the SDKs at it: OpenAI <c>Endpoint = server.OpenAIEndpoint</c> (…/v1/); Anthropic
/// <c>BaseUrl = server.BaseUri</c>. Every response carries <c>Connection: close</c>.</para>
/// </remarks>
public sealed class FakeProviderServer : IAsyncDisposable, IDisposable
{
    private static readonly string[] s_credentialHeaders = { "authorization", "x-api-key", "api-key" };

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Queue<FakeResponse> _script = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly List<Task> _connections = new();
    private readonly Task _acceptLoop;

    private FakeProviderServer(TcpListener listener)
    {
        _listener = listener;
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:54321/</c> (the Anthropic SDK's BaseUrl).</summary>
    public Uri BaseUri { get; }

    /// <summary><c>{BaseUri}v1/</c>: the OpenAI SDK's Endpoint.</summary>
    public Uri OpenAIEndpoint => new(BaseUri, "v1/");

    /// <summary>What a request gets when the script is empty.</summary>
    public FakeResponse DefaultResponse { get; set; } = FakeResponse.Ok();

    /// <summary>All requests so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate) return _requests.ToArray();
        }
    }

    /// <summary>Requests (attempts) received so far.</summary>
    public int RequestCount
    {
        get
        {
            lock (_gate) return _requests.Count;
        }
    }

    /// <summary>Starts a server on a free loopback port (retrying if a bind races another process).</summary>
    public static FakeProviderServer Start()
    {
        SocketException? last = null;
        for (int i = 0; i < 5; i++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            try
            {
                listener.Start(backlog: 64);
                return new FakeProviderServer(listener);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                last = ex;
                listener.Stop();
                Thread.Sleep(20);
            }
        }

        throw new InvalidOperationException("Could not bind a loopback port for the fake provider server.", last);
    }

    /// <summary>Appends answers to the script, in order.</summary>
    public FakeProviderServer Enqueue(params FakeResponse[] responses)
    {
        lock (_gate)
        {
            foreach (FakeResponse r in responses) _script.Enqueue(r);
        }

        return this;
    }

    /// <summary>Scripted answers not used yet.</summary>
    public int PendingScriptCount
    {
        get
        {
            lock (_gate) return _script.Count;
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        _listener.Stop();
        Task[] pending;
        lock (_gate) pending = _connections.ToArray();
        try
        {
            await Task.WhenAll(pending.Append(_acceptLoop)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Connections end with resets and cancellations by design.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            Task connection = Task.Run(() => HandleConnectionAsync(socket));
            lock (_gate) _connections.Add(connection);
        }
    }

    private async Task HandleConnectionAsync(Socket socket)
    {
        socket.NoDelay = true;
        var stream = new NetworkStream(socket, ownsSocket: false);
        bool reset = false;
        try
        {
            ParsedRequest? request = await ReadRequestAsync(stream, _stop.Token).ConfigureAwait(false);
            if (request is null) return;

            FakeResponse response;
            RecordedRequest recorded;
            lock (_gate)
            {
                response = _script.Count > 0 ? _script.Dequeue() : DefaultResponse;
                recorded = new RecordedRequest(_requests.Count + 1, request.Method, request.Path, request.Headers, request.Body, request.Credential);
                _requests.Add(recorded);
            }

            reset = await RespondAsync(stream, recorded, response, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Client went away, server stopping: nothing to report.
        }
        finally
        {
            try
            {
                if (reset)
                {
                    socket.LingerState = new LingerOption(true, 0); // close with RST
                }
                else
                {
                    await stream.FlushAsync().ConfigureAwait(false);
                    socket.Shutdown(SocketShutdown.Send);
                }
            }
            catch (Exception)
            {
            }

            stream.Dispose();
            socket.Dispose();
        }
    }

    /// <returns>True when the connection must be reset instead of closed.</returns>
    private async Task<bool> RespondAsync(NetworkStream stream, RecordedRequest request, FakeResponse response, CancellationToken ct)
    {
        bool anthropic = request.Protocol == FakeProtocol.AnthropicMessages;
        switch (response.Kind)
        {
            case FakeResponseKind.Reset:
                return true;

            case FakeResponseKind.Delay:
                await Task.Delay(response.Delay, ct).ConfigureAwait(false);
                return await RespondAsync(stream, request, response with { Kind = FakeResponseKind.Ok }, ct).ConfigureAwait(false);

            case FakeResponseKind.Raw:
                await WriteAsync(stream, response.Status, response.ContentType, response.Headers, response.RawBody ?? string.Empty, ct).ConfigureAwait(false);
                return false;

            case FakeResponseKind.Error:
                await WriteAsync(stream, response.Status, "application/json", response.Headers, ErrorBody(anthropic, response.Status), ct).ConfigureAwait(false);
                return false;

            case FakeResponseKind.MalformedJson:
                if (request.IsStreaming)
                {
                    await WriteHeadAsync(stream, 200, "text/event-stream", response.Headers, contentLength: null, ct).ConfigureAwait(false);
                    string eventName = anthropic ? "event: message_start\n" : string.Empty;
                    await WriteTextAsync(stream, eventName + "data: {\"id\": \"broken\", \"choi\n\n", ct).ConfigureAwait(false);
                    return false;
                }

                await WriteAsync(stream, 200, "application/json", response.Headers, "{\"id\": \"broken\", \"choices\": [{\"mess", ct).ConfigureAwait(false);
                return false;

            case FakeResponseKind.MidStreamReset:
            case FakeResponseKind.Ok:
            default:
                string model = response.Model ?? request.Model ?? (anthropic ? "claude-fake" : "gpt-fake");
                if (!request.IsStreaming && response.Kind == FakeResponseKind.Ok)
                {
                    string body = anthropic ? AnthropicMessage(response, model) : OpenAICompletion(response, model);
                    await WriteAsync(stream, 200, "application/json", response.Headers, body, ct).ConfigureAwait(false);
                    return false;
                }

                int? cutAfter = response.Kind == FakeResponseKind.MidStreamReset ? response.ChunksBeforeFailure : null;
                await WriteHeadAsync(stream, 200, "text/event-stream", response.Headers, contentLength: null, ct).ConfigureAwait(false);
                IEnumerable<string> events = anthropic
                    ? AnthropicStream(response, model, cutAfter)
                    : OpenAIStream(response, model, request.IncludeUsage, cutAfter);
                foreach (string e in events)
                {
                    await WriteTextAsync(stream, e, ct).ConfigureAwait(false);
                    await stream.FlushAsync(ct).ConfigureAwait(false);
                }

                if (cutAfter is not null)
                {
                    await Task.Delay(100, ct).ConfigureAwait(false); // let the client read what was sent before the reset
                    return true;
                }

                return false;
        }
    }

    // ---- OpenAI Chat Completions ----

    private static string OpenAIUsage(FakeUsage u) =>
        $"{{\"prompt_tokens\":{u.InputTokens},\"completion_tokens\":{u.OutputTokens},\"total_tokens\":{u.TotalTokens}," +
        $"\"prompt_tokens_details\":{{\"cached_tokens\":{u.CachedInputTokens},\"audio_tokens\":{u.AudioInputTokens}}}," +
        $"\"completion_tokens_details\":{{\"reasoning_tokens\":{u.ReasoningTokens},\"audio_tokens\":{u.AudioOutputTokens},\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}}";

    private static string OpenAICompletion(FakeResponse r, string model) =>
        "{\"id\":\"chatcmpl-fake-1\",\"object\":\"chat.completion\",\"created\":1700000000," +
        $"\"model\":{JsonString(model)},\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":{JsonString(r.Text)},\"refusal\":null}}," +
        $"\"logprobs\":null,\"finish_reason\":\"stop\"}}],\"usage\":{OpenAIUsage(r.Usage)},\"system_fingerprint\":\"fp_fake\"}}";

    private static IEnumerable<string> OpenAIStream(FakeResponse r, string model, bool includeUsage, int? cutAfter)
    {
        string head = $"\"id\":\"chatcmpl-fake-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":{JsonString(model)}";
        IReadOnlyList<string> pieces = r.Pieces();
        for (int i = 0; i < pieces.Count; i++)
        {
            if (cutAfter is int cut && i >= cut) yield break;
            string role = i == 0 ? "\"role\":\"assistant\"," : string.Empty;
            yield return $"data: {{{head},\"choices\":[{{\"index\":0,\"delta\":{{{role}\"content\":{JsonString(pieces[i])}}},\"logprobs\":null,\"finish_reason\":null}}]}}\n\n";
        }

        if (cutAfter is not null) yield break;
        yield return $"data: {{{head},\"choices\":[{{\"index\":0,\"delta\":{{}},\"logprobs\":null,\"finish_reason\":\"stop\"}}]}}\n\n";
        if (includeUsage) yield return $"data: {{{head},\"choices\":[],\"usage\":{OpenAIUsage(r.Usage)}}}\n\n";
        yield return "data: [DONE]\n\n";
    }

    // ---- Anthropic Messages ----

    private static string AnthropicUsage(FakeUsage u, int outputTokens) =>
        $"{{\"input_tokens\":{u.InputTokens},\"output_tokens\":{outputTokens}," +
        $"\"cache_creation_input_tokens\":{u.CacheCreationInputTokens},\"cache_read_input_tokens\":{u.CachedInputTokens}}}";

    private static string AnthropicMessage(FakeResponse r, string model) =>
        $"{{\"id\":\"msg_fake_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":{JsonString(model)}," +
        $"\"content\":[{{\"type\":\"text\",\"text\":{JsonString(r.Text)}}}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null," +
        $"\"usage\":{AnthropicUsage(r.Usage, r.Usage.OutputTokens)}}}";

    private static IEnumerable<string> AnthropicStream(FakeResponse r, string model, int? cutAfter)
    {
        static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";

        if (cutAfter == 0) yield break; // headers only: the stream breaks before its first event

        yield return Event("message_start",
            $"{{\"type\":\"message_start\",\"message\":{{\"id\":\"msg_fake_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":{JsonString(model)}," +
            $"\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{AnthropicUsage(r.Usage, 1)}}}}}");
        yield return Event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        IReadOnlyList<string> pieces = r.Pieces();
        for (int i = 0; i < pieces.Count; i++)
        {
            if (cutAfter is int cut && i >= cut) yield break;
            yield return Event("content_block_delta",
                $"{{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":{JsonString(pieces[i])}}}}}");
        }

        if (cutAfter is not null) yield break;
        yield return Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        yield return Event("message_delta",
            $"{{\"type\":\"message_delta\",\"delta\":{{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}},\"usage\":{{\"output_tokens\":{r.Usage.OutputTokens}}}}}");
        yield return Event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static string ErrorBody(bool anthropic, int status)
    {
        (string type, string message) = status switch
        {
            400 => ("invalid_request_error", "Bad request"),
            401 => (anthropic ? "authentication_error" : "invalid_api_key", "Invalid API key"),
            403 => ("permission_error", "Forbidden"),
            404 => ("not_found_error", "Not found"),
            429 => (anthropic ? "rate_limit_error" : "rate_limit_exceeded", "Rate limited"),
            529 => ("overloaded_error", "Overloaded"),
            _ => (anthropic ? "api_error" : "server_error", "Internal error"),
        };
        return anthropic
            ? $"{{\"type\":\"error\",\"error\":{{\"type\":\"{type}\",\"message\":\"{message}\"}},\"request_id\":\"req_fake\"}}"
            : $"{{\"error\":{{\"message\":\"{message}\",\"type\":\"{type}\",\"param\":null,\"code\":null}}}}";
    }

    // ---- HTTP plumbing ----

    private static string JsonString(string value) => JsonSerializer.Serialize(value);

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        529 => "Overloaded",
        _ => "Status",
    };

    private static async Task WriteAsync(NetworkStream stream, int status, string contentType, IReadOnlyDictionary<string, string> headers, string body, CancellationToken ct)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        await WriteHeadAsync(stream, status, contentType, headers, bytes.Length, ct).ConfigureAwait(false);
        await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
    }

    private static Task WriteHeadAsync(NetworkStream stream, int status, string contentType, IReadOnlyDictionary<string, string> headers, int? contentLength, CancellationToken ct)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(ReasonPhrase(status)).Append("\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (contentLength is int length) head.Append("Content-Length: ").Append(length).Append("\r\n");
        else head.Append("Cache-Control: no-cache\r\n");
        head.Append("Connection: close\r\n");
        head.Append("x-request-id: req_fake\r\nrequest-id: req_fake\r\n");
        foreach (KeyValuePair<string, string> h in headers) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
        head.Append("\r\n");
        return WriteTextAsync(stream, head.ToString(), ct);
    }

    private static async Task WriteTextAsync(NetworkStream stream, string text, CancellationToken ct) =>
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).ConfigureAwait(false);

    private sealed record ParsedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, string? Credential);

    private static async Task<ParsedRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int headerEnd = -1;
        while (headerEnd < 0)
        {
            int read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (read == 0) return null;
            buffer.Write(chunk, 0, read);
            headerEnd = IndexOf(buffer.GetBuffer(), (int)buffer.Length, "\r\n\r\n"u8);
            if (buffer.Length > 1 << 20) return null;
        }

        byte[] all = buffer.GetBuffer();
        string head = Encoding.ASCII.GetString(all, 0, headerEnd);
        string[] lines = head.Split("\r\n");
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? credential = null;
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line.Substring(0, colon).Trim();
            string value = line.Substring(colon + 1).Trim();
            if (s_credentialHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                credential ??= value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value.Substring(7) : value;
                value = RecordedRequest.Redacted;
            }

            headers[name] = value;
        }

        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, (int)buffer.Length - headerEnd - 4);
        if (headers.TryGetValue("Content-Length", out string? lengthText) && int.TryParse(lengthText, out int length))
        {
            while (body.Length < length)
            {
                int read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
                if (read == 0) break;
                body.Write(chunk, 0, read);
            }
        }
        else if (headers.TryGetValue("Transfer-Encoding", out string? te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            // Read until the terminating zero-length chunk, then decode.
            while (IndexOf(body.GetBuffer(), (int)body.Length, "0\r\n\r\n"u8) < 0)
            {
                int read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
                if (read == 0) break;
                body.Write(chunk, 0, read);
            }

            body = DecodeChunked(body.ToArray());
        }

        return new ParsedRequest(requestLine[0], requestLine.Length > 1 ? requestLine[1] : "/", headers, Encoding.UTF8.GetString(body.ToArray()), credential);
    }

    private static MemoryStream DecodeChunked(byte[] raw)
    {
        var result = new MemoryStream();
        int pos = 0;
        while (pos < raw.Length)
        {
            int lineEnd = IndexOf(raw.AsSpan(pos).ToArray(), raw.Length - pos, "\r\n"u8);
            if (lineEnd < 0) break;
            string sizeText = Encoding.ASCII.GetString(raw, pos, lineEnd).Split(';')[0].Trim();
            int size = Convert.ToInt32(sizeText, 16);
            pos += lineEnd + 2;
            if (size == 0) break;
            result.Write(raw, pos, Math.Min(size, raw.Length - pos));
            pos += size + 2;
        }

        return result;
    }

    private static int IndexOf(byte[] data, int length, ReadOnlySpan<byte> pattern) =>
        data.AsSpan(0, length).IndexOf(pattern);
}
