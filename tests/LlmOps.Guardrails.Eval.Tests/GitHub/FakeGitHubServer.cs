using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// A GitHub REST + GraphQL stand-in on loopback (HttpListener): issue comments of one repository with small pages
/// linked by Link headers, the minimizeComment mutation, bearer-token checks, and scripted failures.
/// </summary>
internal sealed class FakeGitHubServer : IDisposable
{
    private static readonly Regex CommentsPath = new(@"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$");
    private static readonly Regex CommentPath = new(@"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$");

    private readonly HttpListener listener;
    private readonly object gate = new();
    private readonly List<Comment> comments = new();
    private readonly ConcurrentQueue<ScriptedFailure> failures = new();
    private readonly List<ReceivedRequest> requests = new();
    private readonly Task loop;
    private long nextId = 1000;
    private (int Status, bool Stored)? failNextCreate;

    private FakeGitHubServer(string token, string repository, int pageSize)
    {
        Token = token;
        Repository = repository;
        PageSize = pageSize;
        (listener, BaseUrl) = LoopbackHttp.Listen();
        loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public string Token { get; }

    public string Repository { get; }

    public int PageSize { get; }

    public static FakeGitHubServer Start(string token, string repository = "octo-org/octo-repo", int pageSize = 2) =>
        new(token, repository, pageSize);

    public sealed record Comment(long Id, string NodeId, int PullRequest, string Author, string Body, bool Minimized);

    public sealed record ReceivedRequest(string Method, string PathAndQuery, string Body, int Status);

    private sealed record ScriptedFailure(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public IReadOnlyList<Comment> Comments
    {
        get { lock (gate) return comments.ToList(); }
    }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get { lock (gate) return requests.ToList(); }
    }

    /// <summary>A comment somebody else wrote, e.g. to fill pages before ours.</summary>
    public Comment Seed(int pullRequest, string body, string author = "someone")
    {
        lock (gate)
        {
            var id = ++nextId;
            var comment = new Comment(id, "IC_" + id, pullRequest, author, body, false);
            comments.Add(comment);
            return comment;
        }
    }

    /// <summary>The next request (whatever it is) is answered with this status instead.</summary>
    public void FailNext(int status, IReadOnlyDictionary<string, string>? headers = null, string message = "scripted failure") =>
        failures.Enqueue(new ScriptedFailure(status, headers ?? new Dictionary<string, string>(), JsonSerializer.Serialize(new { message })));

    /// <summary>The next request (whatever it is) is answered with this status and this body, as it is.</summary>
    public void AnswerNextWith(int status, string body) =>
        failures.Enqueue(new ScriptedFailure(status, new Dictionary<string, string>(), body));

    /// <summary>
    /// The next comment creation is answered with <paramref name="status"/>; <paramref name="stored"/>: the comment
    /// was created all the same (the answer was lost on the way back).
    /// </summary>
    public void FailNextCreate(int status, bool stored)
    {
        lock (gate) failNextCreate = (status, stored);
    }

    /// <summary>
    /// Where the comment list's <c>Link: rel="next"</c> points; null: this server. Another origin stands in for an
    /// answer whose link would carry the token away.
    /// </summary>
    public Uri? NextPageBase { get; set; }

    /// <summary>The login comments created through the API are written by (what the token posts as).</summary>
    public string CreatedBy { get; set; } = "github-actions[bot]";

    public void ClearRequests()
    {
        lock (gate) requests.Clear();
    }

    public void Dispose()
    {
        // Close alone: after Stop, the managed listener re-binds the port just to unregister it, and that port may be
        // another test's by then.
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
        }
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync();
        }

        var (status, headers, json) = Answer(request, body);
        lock (gate) requests.Add(new ReceivedRequest(request.HttpMethod, request.Url!.PathAndQuery, body, status));
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private (int Status, IReadOnlyDictionary<string, string> Headers, string Json) Answer(HttpListenerRequest request, string body)
    {
        var none = new Dictionary<string, string>();
        if (request.Headers["Authorization"] != "Bearer " + Token)
        {
            return (401, none, """{"message":"Bad credentials"}""");
        }

        if (failures.TryDequeue(out var failure))
        {
            return (failure.Status, failure.Headers, failure.Body);
        }

        var path = request.Url!.AbsolutePath;
        var method = request.HttpMethod;
        lock (gate)
        {
            if (path == "/graphql" && method == "POST")
            {
                return Minimize(body);
            }

            if (CommentsPath.Match(path) is { Success: true } list && list.Groups[1].Value == Repository)
            {
                var pr = int.Parse(list.Groups[2].Value);
                return method switch
                {
                    "GET" => ListPage(pr, request),
                    "POST" => Create(pr, body),
                    _ => (405, none, "{}"),
                };
            }

            if (CommentPath.Match(path) is { Success: true } one && one.Groups[1].Value == Repository)
            {
                var id = long.Parse(one.Groups[2].Value);
                var index = comments.FindIndex(c => c.Id == id);
                if (index < 0)
                {
                    return (404, none, """{"message":"Not Found"}""");
                }

                switch (method)
                {
                    case "PATCH":
                        comments[index] = comments[index] with { Body = ReadBody(body) };
                        return (200, none, ToJson(comments[index]));
                    case "DELETE":
                        comments.RemoveAt(index);
                        return (204, none, "");
                }
            }

            return (404, none, """{"message":"Not Found"}""");
        }
    }

    private (int, IReadOnlyDictionary<string, string>, string) ListPage(int pr, HttpListenerRequest request)
    {
        var page = int.TryParse(request.QueryString["page"], out var p) && p > 0 ? p : 1;
        var all = comments.Where(c => c.PullRequest == pr).ToList();
        var items = all.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var headers = new Dictionary<string, string>();
        if (page * PageSize < all.Count)
        {
            var next = new Uri(NextPageBase ?? BaseUrl, $"repos/{Repository}/issues/{pr}/comments?per_page={PageSize}&page={page + 1}");
            headers["Link"] = $"<{next}>; rel=\"next\", <{next}>; rel=\"last\"";
        }

        return (200, headers, "[" + string.Join(",", items.Select(ToJson)) + "]");
    }

    private (int, IReadOnlyDictionary<string, string>, string) Create(int pr, string body)
    {
        var failure = failNextCreate;
        failNextCreate = null;
        var id = ++nextId;
        var comment = new Comment(id, "IC_" + id, pr, CreatedBy, ReadBody(body), false);
        if (failure is null || failure.Value.Stored)
        {
            comments.Add(comment);
        }

        if (failure is { } f)
        {
            return (f.Status, new Dictionary<string, string>(), """{"message":"Server Error"}""");
        }

        return (201, new Dictionary<string, string>(), ToJson(comment));
    }

    private (int, IReadOnlyDictionary<string, string>, string) Minimize(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var nodeId = doc.RootElement.GetProperty("variables").GetProperty("id").GetString();
        var index = comments.FindIndex(c => c.NodeId == nodeId);
        if (index < 0 || !doc.RootElement.GetProperty("query").GetString()!.Contains("minimizeComment", StringComparison.Ordinal))
        {
            return (200, new Dictionary<string, string>(), """{"errors":[{"message":"Could not resolve to a node"}]}""");
        }

        comments[index] = comments[index] with { Minimized = true };
        return (200, new Dictionary<string, string>(), """{"data":{"minimizeComment":{"minimizedComment":{"isMinimized":true}}}}""");
    }

    private static string ReadBody(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("body").GetString()!;
    }

    private static string ToJson(Comment c) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = c.Id, ["node_id"] = c.NodeId, ["body"] = c.Body, ["user"] = new { login = c.Author, type = c.Author.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User" } });
}
