using System.IO;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Eval.Cassettes;

namespace LlmOps.Guardrails.Eval.Tests.Cassettes;

public class CassetteStoreTests
{
    private static CassetteEntry Entry(string text, string key = "sha256:aaaa") => new()
    {
        Key = key,
        Model = "gpt-4o-2024-08-06",
        Request = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["text"] = "hi" }) },
        Response = new CassetteResponse { Text = text, FinishReason = "stop", Usage = new CassetteUsage { Input = 1, Output = 2 }, LatencyMs = 12.5 },
        RecordedAt = new DateTimeOffset(2026, 11, 24, 5, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Corrupt_line_fails_with_file_and_line_number()
    {
        using var folder = new TempFolder();
        var path = folder.File("summarise.jsonl");
        File.WriteAllText(path, Entry("ok").ToJsonLine() + "\n\n{\"key\":\"sha256:bbbb\",\"request\":{\n");
        var store = new CassetteStore(folder.Path);
        var error = Assert.Throws<CassetteFormatException>(() => store.TryGet("summarise", "sha256:aaaa", out _));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ":3: ", error.Message);

        // The same error again, not a different crash, and LoadAll reports it too.
        Assert.Throws<CassetteFormatException>(() => store.TryGet("summarise", "sha256:aaaa", out _));
    }

    [Fact]
    public void Line_missing_required_fields_names_the_field()
    {
        using var folder = new TempFolder();
        var path = folder.File("p.jsonl");
        File.WriteAllText(path, "{\"key\":\"sha256:1\",\"request\":{\"messages\":[]}}\n");
        var error = Assert.Throws<CassetteFormatException>(() => new CassetteStore(folder.Path).LoadAll());
        Assert.Equal(1, error.LineNumber);
        Assert.Contains("\"response\"", error.Message);

        File.WriteAllText(path, "[1,2]\n");
        Assert.Contains("expected a JSON object", Assert.Throws<CassetteFormatException>(() => new CassetteStore(folder.Path).LoadAll()).Message);
    }

    [Fact]
    public void Duplicate_keys_last_wins_with_a_warning()
    {
        using var folder = new TempFolder();
        var path = folder.File("p.jsonl");
        File.WriteAllText(path, Entry("old").ToJsonLine() + "\r\n" + Entry("new").ToJsonLine() + "\r\n");
        var store = new CassetteStore(folder.Path);
        Assert.Equal(new[] { "p" }, store.LoadAll());
        Assert.True(store.TryGet("p", "sha256:aaaa", out var entry));
        Assert.Equal("new", entry.Response.Text);
        var warning = Assert.Single(store.Warnings);
        Assert.Contains(path + ":2: duplicate key sha256:aaaa (also on line 1)", warning);
    }

    [Fact]
    public void Lines_round_trip_and_files_are_sorted_by_key_with_lf()
    {
        using var folder = new TempFolder();
        var store = new CassetteStore(folder.Path);
        store.Put("p", Entry("z", "sha256:ffff"));
        store.Put("p", Entry("a", "sha256:0000") with { Response = Entry("a").Response with { ToolCalls = new[] { new CassetteToolCall("call_1", "lookup", new JsonObject { ["id"] = 3 }) } } });
        store.Flush();
        var content = File.ReadAllText(folder.File("p.jsonl"));
        Assert.Equal(2, content.Count(c => c == '\n'));
        Assert.StartsWith("{\"key\":\"sha256:0000\"", content);

        var reloaded = new CassetteStore(folder.Path);
        Assert.True(reloaded.TryGet("p", "sha256:0000", out var entry));
        Assert.Equal("lookup", entry.Response.ToolCalls![0].Name);
        Assert.Equal(12.5, entry.Response.LatencyMs);
        Assert.Equal(content, CassetteStore.Render(reloaded.GetEntries("p")));
    }

    [Fact]
    public void Prompt_ids_map_to_safe_file_names()
    {
        Assert.Equal("support_triage.v2.jsonl", CassetteStore.FileNameFor("support/triage.v2"));
        Assert.Equal("_hidden.jsonl", CassetteStore.FileNameFor(".hidden"));
        Assert.Equal("_default.jsonl", CassetteStore.FileNameFor(""));
    }
}
