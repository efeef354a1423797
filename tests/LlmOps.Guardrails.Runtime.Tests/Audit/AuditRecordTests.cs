using System.Text.Json;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Audit;

namespace LlmOps.Guardrails.Runtime.Tests.Audit;

public class AuditRecordTests
{
    [Fact]
    public async Task Text_is_left_out_by_default_and_only_hashes_are_written()
    {
        var folder = AuditTestKit.NewFolder();
        var sink = new JsonlAuditSink(folder);
        await using (var observer = new AuditTrailObserver(sink))
        {
            observer.OnCallCompleted(AuditTestKit.Call(1));
        }

        sink.Dispose();
        var content = File.ReadAllText(Directory.GetFiles(folder).Single());
        Assert.DoesNotContain("Jane", content);
        Assert.DoesNotContain("fuser", content);
        Assert.DoesNotContain("You summarise", content);

        using var json = JsonDocument.Parse(content);
        var root = json.RootElement;
        var call = AuditTestKit.Call(1);
        Assert.Equal(call.InputHash, root.GetProperty("inputHash").GetString());
        Assert.Equal(CallContentHash.OfText(AuditTestKit.AnswerText), root.GetProperty("outputHash").GetString());
        Assert.False(root.TryGetProperty("input", out _));
        Assert.False(root.TryGetProperty("output", out _));
    }

    [Fact]
    public async Task Text_is_written_when_opted_in()
    {
        var folder = AuditTestKit.NewFolder();
        var sink = new JsonlAuditSink(folder);
        await using (var observer = new AuditTrailObserver(sink, new AuditOptions { IncludeText = true }))
        {
            observer.OnCallCompleted(AuditTestKit.Call(1));
        }

        sink.Dispose();
        using var json = JsonDocument.Parse(File.ReadAllText(Directory.GetFiles(folder).Single()));
        var input = json.RootElement.GetProperty("input");
        Assert.Equal("system", input[0].GetProperty("role").GetString());
        Assert.Equal(AuditTestKit.PromptText + " #1", input[1].GetProperty("text").GetString());
        Assert.Equal(AuditTestKit.AnswerText, json.RootElement.GetProperty("output").GetString());
    }

    [Fact]
    public void A_sealed_record_carries_every_documented_field_in_schema_version_1()
    {
        var record = AuditRecord.From(AuditTestKit.Call(2), includeText: false);
        var line = AuditChain.Seal(record, 7, new string('a', 64));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal(7, root.GetProperty("seq").GetInt64());
        Assert.Equal("2026-03-01T12:00:02+00:00", root.GetProperty("time").GetString());
        Assert.Equal("support", root.GetProperty("feature").GetString());
        Assert.Equal("u-17", root.GetProperty("user").GetString());
        Assert.Equal("summarise", root.GetProperty("promptId").GetString());
        Assert.Equal("3", root.GetProperty("promptVersion").GetString());
        Assert.Equal("gpt-4o-mini", root.GetProperty("requestModel").GetString());
        Assert.Equal("gpt-4o-mini-2024-07-18", root.GetProperty("responseModel").GetString());
        Assert.Equal(new[] { "primary", "backup" }, root.GetProperty("fallbackHops").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("{\"email\":2,\"phone\":1}", root.GetProperty("redactions").GetRawText());
        Assert.Equal(122, root.GetProperty("inputTokens").GetInt64());
        Assert.Equal(2.000036m, root.GetProperty("costUsd").GetDecimal());
        Assert.Equal("succeeded", root.GetProperty("outcome").GetString());
        Assert.False(root.TryGetProperty("errorType", out _));
        Assert.Equal(new string('a', 64), root.GetProperty("prev").GetString());

        // The hash is the last member, over the line without it.
        var hash = root.GetProperty("hash").GetString()!;
        Assert.EndsWith(",\"hash\":\"" + hash + "\"}", line);
        Assert.Equal(CallContentHash.OfText(line[..line.LastIndexOf(",\"hash\"", StringComparison.Ordinal)] + "}"), hash);
        Assert.True(AuditChain.Read(line, out _)!.HashMatches);
    }

    [Fact]
    public void Changing_one_character_breaks_the_hash()
    {
        var line = AuditChain.Seal(AuditRecord.From(AuditTestKit.Call(3), includeText: false), 1, null);
        var edited = line.Replace("\"outputTokens\":30", "\"outputTokens\":3", StringComparison.Ordinal);
        Assert.NotEqual(line, edited);
        Assert.False(AuditChain.Read(edited, out _)!.HashMatches);
    }
}
