using System.IO.Compression;
using System.Net;
using System.Text;

namespace LlmOps.Guardrails.Eval.Tests.GitHub;

/// <summary>
/// A NuGet v3 feed on loopback serving the packages of a folder (service index, registrations and flat container: the
/// resources `dotnet tool install --version` reads), counting each package download, so a test can see a run that
/// downloaded nothing.
/// </summary>
internal sealed class LoopbackNuGetFeed : IDisposable
{
    private readonly HttpListener listener;
    private readonly Uri root;
    private readonly string folder;
    private readonly Task loop;
    private int downloads;

    private LoopbackNuGetFeed(string folder)
    {
        this.folder = folder;
        (listener, root) = LoopbackHttp.Listen();
        loop = Task.Run(ServeAsync);
    }

    /// <summary>The service index: the source to give NuGet.</summary>
    public string IndexUrl => new Uri(root, "v3/index.json").ToString();

    /// <summary>How many .nupkg files were served.</summary>
    public int Downloads => Volatile.Read(ref downloads);

    public static LoopbackNuGetFeed Serve(string folder) => new(folder);

    public void Dispose()
    {
        try
        {
            listener.Close();
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is HttpListenerException or AggregateException)
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
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            try
            {
                var (status, type, body) = Answer(context.Request.Url!.AbsolutePath);
                context.Response.StatusCode = status;
                context.Response.ContentType = type;
                context.Response.ContentLength64 = body.Length;
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
            }
        }
    }

    private (int Status, string Type, byte[] Body) Answer(string path)
    {
        const string json = "application/json";
        var flat = new Uri(root, "v3/flat/").ToString();
        var registrations = new Uri(root, "v3/registrations/").ToString();
        if (path == "/v3/index.json")
        {
            return (200, json, Encoding.UTF8.GetBytes($$"""
                {"version":"3.0.0","resources":[
                  {"@id":"{{flat}}","@type":"PackageBaseAddress/3.0.0"},
                  {"@id":"{{registrations}}","@type":"RegistrationsBaseUrl/3.6.0"}]}
                """));
        }

        // v3/registrations/{id}/index.json: every version in one inlined page, each pointing at its flat-container file.
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 4 && parts[0] == "v3" && parts[1] == "registrations" && parts[3] == "index.json")
        {
            var id = parts[2];
            var leaves = Packages(id).Select(p =>
            {
                var content = $"{flat}{id}/{p.Version}/{id}.{p.Version}.nupkg";
                return $$$"""
                    {"@id":"{{{registrations}}}{{{id}}}/{{{p.Version}}}.json","packageContent":"{{{content}}}",
                     "catalogEntry":{"@id":"{{{registrations}}}{{{id}}}/{{{p.Version}}}/entry.json","id":"{{{id}}}","version":"{{{p.Version}}}","listed":true,"packageContent":"{{{content}}}"}}
                    """;
            }).ToList();
            if (leaves.Count == 0)
            {
                return (404, json, Array.Empty<byte>());
            }

            var versions = Packages(id).Select(p => p.Version).ToList();
            return (200, json, Encoding.UTF8.GetBytes($$"""
                {"count":1,"items":[{"@id":"{{registrations}}{{id}}/index.json#page","count":{{leaves.Count}},
                  "lower":"{{versions.Min(StringComparer.Ordinal)}}","upper":"{{versions.Max(StringComparer.Ordinal)}}","items":[{{string.Join(",", leaves)}}]}]}
                """));
        }

        // v3/flat/{id}/index.json, v3/flat/{id}/{version}/{id}.{version}.nupkg (and .nuspec): ids and versions lower-case.
        if (parts.Length == 4 && parts[0] == "v3" && parts[1] == "flat" && parts[3] == "index.json")
        {
            var versions = Packages(parts[2]).Select(p => p.Version).ToList();
            return versions.Count == 0
                ? (404, json, Array.Empty<byte>())
                : (200, json, Encoding.UTF8.GetBytes("{\"versions\":[" + string.Join(",", versions.Select(v => $"\"{v}\"")) + "]}"));
        }

        if (parts.Length == 5 && parts[0] == "v3" && parts[1] == "flat")
        {
            var package = Packages(parts[2]).FirstOrDefault(p => p.Version == parts[3]);
            if (package.File is null)
            {
                return (404, json, Array.Empty<byte>());
            }

            if (parts[4].EndsWith(".nupkg", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref downloads);
                return (200, "application/octet-stream", File.ReadAllBytes(package.File));
            }

            if (parts[4].EndsWith(".nuspec", StringComparison.Ordinal))
            {
                using var zip = ZipFile.OpenRead(package.File);
                var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (200, "application/xml", copy.ToArray());
            }
        }

        return (404, json, Array.Empty<byte>());
    }

    /// <summary>The folder's packages of <paramref name="lowerId"/>, by lower-case version.</summary>
    private IEnumerable<(string Version, string File)> Packages(string lowerId) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.nupkg")
                .Select(f => (Name: Path.GetFileNameWithoutExtension(f).ToLowerInvariant(), File: f))
                .Where(p => p.Name.StartsWith(lowerId + ".", StringComparison.Ordinal))
                .Select(p => (p.Name[(lowerId.Length + 1)..], p.File))
            : Enumerable.Empty<(string, string)>();
}
