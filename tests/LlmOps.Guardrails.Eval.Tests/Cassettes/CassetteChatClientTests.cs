using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Eval.Cassettes;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Eval.Tests.Cassettes;

public class CassetteChatClientTests
{
    private static readonly List<ChatMessage> Conversation = new()
    {
        new ChatMessage(ChatRole.System, "You classify support tickets."),
        new ChatMessage(ChatRole.User, "My invoice is wrong."),
    };

    private static ChatOptions EvalOptions(string prompt = "support.triage", string @case = "case-1") => new()
    {
        ModelId = "gpt-4o-2024-08-06",
        Temperature = 0.2f,
        MaxOutputTokens = 200,
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [CassetteProperties.PromptId] = prompt,
            [CassetteProperties.CaseId] = @case,
        },
    };

    private static UsageDetails FullUsage() => new()
    {
        InputTokenCount = 1200,
        OutputTokenCount = 80,
        TotalTokenCount = 1280,
        CachedInputTokenCount = 1024,
        ReasoningTokenCount = 32,
        AdditionalCounts = new AdditionalPropertiesDictionary<long> { ["CacheCreationInputTokens"] = 64 },
    };

    private static CassetteChatClientOptions Settings(TimeProvider? time = null) => new()
    {
        Scrubber = SecretScrubber.None,
        TimeProvider = time ?? new SteppingTime(TimeSpan.FromMilliseconds(250)),
    };

    [Fact]
    public async Task Record_then_replay_round_trips_text_usage_finish_reason_model_and_latency()
    {
        using var folder = new TempFolder();
        var inner = new ScriptedChatClient((_, _) => ScriptedChatClient.Answer("billing", FullUsage(), model: "gpt-4o-2024-08-06", finish: "length"));
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, Settings()))
        {
            var live = await recorder.GetResponseAsync(Conversation, EvalOptions());
            Assert.Equal("billing", live.Text);
        }

        Assert.True(inner.Disposed);
        var path = folder.File("support.triage.jsonl");
        var content = File.ReadAllText(path);
        Assert.EndsWith("}\n", content);
        Assert.DoesNotContain("\r", content);
        Assert.StartsWith("{\"key\":\"sha256:", content);
        Assert.Contains("\"response\":{\"text\":\"billing\",\"model\":\"gpt-4o-2024-08-06\",\"finish_reason\":\"length\",\"usage\":{\"input\":1200,\"output\":80,\"cached_input\":1024,\"reasoning\":32,\"cache_write\":64},\"latency_ms\":250}", content);
        Assert.Contains("\"recorded_at\":\"2026-11-24T05:00:00Z\"", content);
        Assert.DoesNotContain("llmops.", content);

        using var replayer = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Offline, options: Settings());
        var replayed = await replayer.GetResponseAsync(Conversation, EvalOptions(@case: "another-case-same-request"));
        Assert.Equal("billing", replayed.Text);
        Assert.Equal("gpt-4o-2024-08-06", replayed.ModelId);
        Assert.Equal(ChatFinishReason.Length, replayed.FinishReason);
        Assert.Equal(1200, replayed.Usage!.InputTokenCount);
        Assert.Equal(80, replayed.Usage.OutputTokenCount);
        Assert.Equal(1280, replayed.Usage.TotalTokenCount);
        Assert.Equal(1024, replayed.Usage.CachedInputTokenCount);
        Assert.Equal(32, replayed.Usage.ReasoningTokenCount);
        Assert.Equal(64, replayed.Usage.AdditionalCounts!["CacheCreationInputTokens"]);
        Assert.Equal(true, replayed.AdditionalProperties![CassetteProperties.Replayed]);
        Assert.Equal(250d, replayed.AdditionalProperties[CassetteProperties.LatencyMs]);
        Assert.True(CassetteResponseInfo.IsReplayed(replayed));
        Assert.Equal(TimeSpan.FromMilliseconds(250), CassetteResponseInfo.GetLatency(replayed));
        Assert.Equal(replayer.ComputeKey(Conversation, EvalOptions()), CassetteResponseInfo.GetKey(replayed));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Streaming_records_by_aggregating_and_replays_as_updates_with_final_usage()
    {
        using var folder = new TempFolder();
        var inner = new ScriptedChatClient((_, _) => ScriptedChatClient.Answer("the invoice total was charged twice this month", FullUsage()));
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, Settings()))
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (var update in recorder.GetStreamingResponseAsync(Conversation, EvalOptions()))
            {
                updates.Add(update);
            }

            Assert.Equal("the invoice total was charged twice this month", updates.ToChatResponse().Text);
        }

        using var replayer = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Offline, options: Settings());
        var replayed = new List<ChatResponseUpdate>();
        await foreach (var update in replayer.GetStreamingResponseAsync(Conversation, EvalOptions()))
        {
            replayed.Add(update);
        }

        Assert.True(replayed.Count >= 3);
        Assert.All(replayed, u => Assert.Equal(true, u.AdditionalProperties![CassetteProperties.Replayed]));
        var response = replayed.ToChatResponse();
        Assert.Equal("the invoice total was charged twice this month", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(1024, response.Usage!.CachedInputTokenCount);
        Assert.Equal(32, response.Usage.ReasoningTokenCount);
        Assert.Equal(64, response.Usage.AdditionalCounts!["CacheCreationInputTokens"]);

        // Non-streaming replay of a streamed recording answers the same.
        var whole = await replayer.GetResponseAsync(Conversation, EvalOptions());
        Assert.Equal(response.Text, whole.Text);
    }

    [Fact]
    public async Task Offline_miss_names_prompt_case_and_key()
    {
        using var folder = new TempFolder();
        using var client = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Offline, ScriptedChatClient.Echo(), Settings());
        var error = await Assert.ThrowsAsync<CassetteMissException>(() => client.GetResponseAsync(Conversation, EvalOptions("support.triage", "refund-42")));
        var key = client.ComputeKey(Conversation, EvalOptions());
        Assert.Equal("support.triage", error.PromptId);
        Assert.Equal("refund-42", error.CaseId);
        Assert.Equal(key, error.Key);
        Assert.Contains("'support.triage'", error.Message);
        Assert.Contains("'refund-42'", error.Message);
        Assert.Contains(key, error.Message);
        Assert.Contains("support.triage.jsonl", error.Message);

        await Assert.ThrowsAsync<CassetteMissException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync(Conversation, EvalOptions()))
            {
            }
        });
    }

    [Fact]
    public async Task Replay_miss_calls_the_inner_client_and_does_not_record()
    {
        using var folder = new TempFolder();
        var inner = ScriptedChatClient.Echo();
        using (var client = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Replay, inner, Settings()))
        {
            var response = await client.GetResponseAsync(Conversation, EvalOptions());
            Assert.Equal("echo: My invoice is wrong.", response.Text);
            Assert.False(response.AdditionalProperties!.ContainsKey(CassetteProperties.Replayed));
        }

        Assert.Equal(1, inner.Calls);
        Assert.False(File.Exists(folder.File("support.triage.jsonl")));

        using var noInner = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Replay, options: Settings());
        await Assert.ThrowsAsync<CassetteMissException>(() => noInner.GetResponseAsync(Conversation, EvalOptions()));
    }

    [Fact]
    public void Record_mode_needs_an_inner_client()
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentException>(() => new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record));
    }

    [Fact]
    public async Task Secrets_from_environment_are_scrubbed_from_request_and_response()
    {
        using var folder = new TempFolder();
        var name = "LLMOPS_CASSETTE_TEST_" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "_API_KEY";
        var secret = "sk-test-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, secret);
        try
        {
            var inner = new ScriptedChatClient((_, _) => ScriptedChatClient.Answer("your key is " + secret));
            var messages = new List<ChatMessage> { new(ChatRole.User, "my key is " + secret), new(ChatRole.User, secret) };
            var options = EvalOptions();
            options.StopSequences = new List<string> { secret };
            using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, new CassetteChatClientOptions()))
            {
                await recorder.GetResponseAsync(messages, options);
            }

            var content = File.ReadAllText(folder.File("support.triage.jsonl"));
            Assert.DoesNotContain(secret, content);
            Assert.Contains("\"text\":\"my key is [redacted]\"", content);
            Assert.Contains("\"text\":\"[redacted]\"", content);
            Assert.Contains("\"stop\":[\"[redacted]\"]", content);
            Assert.Contains("\"text\":\"your key is [redacted]\"", content);

            // The key is computed before scrubbing, so the live request still replays.
            using var replayer = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Offline, options: new CassetteChatClientOptions());
            var replayed = await replayer.GetResponseAsync(messages, options);
            Assert.Equal("your key is [redacted]", replayed.Text);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Scrubber_replaces_exact_values_and_long_substrings_only()
    {
        var scrubber = new SecretScrubber(new[] { "abc", "0123456789abcdef", null, "" });
        Assert.Equal(SecretScrubber.Redacted, scrubber.Scrub("abc"));
        Assert.Equal("abcd", scrubber.Scrub("abcd"));
        Assert.Equal("x [redacted] y", scrubber.Scrub("x 0123456789abcdef y"));
        Assert.True(SecretScrubber.IsSecretName("OPENAI_API_KEY"));
        Assert.True(SecretScrubber.IsSecretName("GITHUB_TOKEN"));
        Assert.True(SecretScrubber.IsSecretName("client_secret"));
        Assert.False(SecretScrubber.IsSecretName("KEYBOARD"));
        var node = scrubber.Scrub(JsonNode.Parse("{\"a\":[\"abc\",1,{\"b\":\"zz0123456789abcdef\"}]}"));
        Assert.Equal("{\"a\":[\"[redacted]\",1,{\"b\":\"zz[redacted]\"}]}", node!.ToJsonString());
    }

    [Fact]
    public async Task Failed_write_keeps_the_old_cassette_and_leaves_no_temp_file()
    {
        using var folder = new TempFolder();
        var store = new CassetteStore(folder.Path);
        using var recorder = new CassetteChatClient(store, CassetteMode.Record, ScriptedChatClient.Echo(), Settings());
        await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "first") }, EvalOptions());
        recorder.Flush();
        var path = folder.File("support.triage.jsonl");
        var before = File.ReadAllText(path);

        await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "second") }, EvalOptions());
        store.BeforeReplace = temp =>
        {
            Assert.True(File.Exists(temp));
            throw new IOException("disk full (simulated)");
        };
        Assert.Throws<IOException>(() => recorder.Flush());
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));

        // The interaction stays pending: the next flush writes it.
        store.BeforeReplace = null;
        recorder.Flush();
        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.Equal(new[] { path }, Directory.GetFiles(folder.Path));
    }

    [Fact]
    public async Task Concurrent_recording_of_200_calls_writes_200_sorted_lines_deterministically()
    {
        async Task<string> RecordAll()
        {
            using var folder = new TempFolder();
            var settings = Settings(new SteppingTime(TimeSpan.Zero));
            using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, ScriptedChatClient.Echo(), settings))
            {
                await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
                    recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "question " + i) }, EvalOptions(@case: "c" + i)))));
            }

            return File.ReadAllText(folder.File("support.triage.jsonl"));
        }

        var first = await RecordAll();
        var second = await RecordAll();
        var lines = first.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(200, lines.Length);
        var keys = lines.Select(l => JsonNode.Parse(l)!["key"]!.GetValue<string>()).ToList();
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Equal(200, keys.Distinct().Count());
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Re_recording_replaces_the_interaction_instead_of_appending()
    {
        using var folder = new TempFolder();
        var answer = "one";
        var inner = new ScriptedChatClient((_, _) => ScriptedChatClient.Answer(answer));
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, Settings()))
        {
            await recorder.GetResponseAsync(Conversation, EvalOptions());
        }

        answer = "two";
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, Settings()))
        {
            await recorder.GetResponseAsync(Conversation, EvalOptions());
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "other") }, EvalOptions());
        }

        var store = new CassetteStore(folder.Path);
        Assert.Equal(2, store.GetEntries("support.triage").Count);
        Assert.True(store.TryGet("support.triage", CassetteKey.Compute(Conversation, EvalOptions()), out var entry));
        Assert.Equal("two", entry.Response.Text);
    }

    [Fact]
    public async Task Prune_unused_drops_stale_recordings_of_recorded_prompts_only()
    {
        using var folder = new TempFolder();
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, ScriptedChatClient.Echo(), Settings()))
        {
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "old wording") }, EvalOptions());
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "kept") }, EvalOptions());
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "other prompt") }, EvalOptions(prompt: "other"));
        }

        var settings = Settings();
        settings.PruneUnused = true;
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, ScriptedChatClient.Echo(), settings))
        {
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "new wording") }, EvalOptions());
            await recorder.GetResponseAsync(new[] { new ChatMessage(ChatRole.User, "kept") }, EvalOptions());
        }

        var store = new CassetteStore(folder.Path);
        var texts = store.GetEntries("support.triage").Select(e => e.Response.Text).OrderBy(t => t, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "echo: kept", "echo: new wording" }, texts);
        Assert.Single(store.GetEntries("other"));
    }

    [Fact]
    public async Task Tool_calls_round_trip_in_both_replay_shapes()
    {
        using var folder = new TempFolder();
        var inner = new ScriptedChatClient((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, new List<AIContent>
        {
            new FunctionCallContent("call_1", "lookup_invoice", new Dictionary<string, object?> { ["id"] = 42, ["month"] = "2026-11" }),
        }))
        { ModelId = "gpt-4o-2024-08-06", FinishReason = ChatFinishReason.ToolCalls });
        var options = EvalOptions();
        options.Tools = new List<AITool> { AIFunctionFactory.Create((int id, string month) => id + month, "lookup_invoice", "Finds an invoice") };
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, inner, Settings()))
        {
            await recorder.GetResponseAsync(Conversation, options);
        }

        Assert.Contains("\"tool_calls\":[{\"call_id\":\"call_1\",\"name\":\"lookup_invoice\",\"arguments\":{\"id\":42,\"month\":\"2026-11\"}}]", File.ReadAllText(folder.File("support.triage.jsonl")));
        using var replayer = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Offline, options: Settings());
        var call = Assert.Single((await replayer.GetResponseAsync(Conversation, options)).Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("lookup_invoice", call.Name);
        Assert.Equal(42, ((JsonElement)call.Arguments!["id"]!).GetInt32());

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in replayer.GetStreamingResponseAsync(Conversation, options))
        {
            updates.Add(update);
        }

        var streamed = updates.ToChatResponse();
        Assert.Equal(ChatFinishReason.ToolCalls, streamed.FinishReason);
        Assert.Equal("call_1", Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()).CallId);
    }

    [Fact]
    public async Task Recorded_request_recomputes_to_its_key()
    {
        using var folder = new TempFolder();
        var options = EvalOptions();
        options.StopSequences = new List<string> { "\n\n" };
        options.Seed = 7;
        options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"}}}").RootElement, "triage");
        using (var recorder = new CassetteChatClient(new CassetteStore(folder.Path), CassetteMode.Record, ScriptedChatClient.Echo(), Settings()))
        {
            await recorder.GetResponseAsync(Conversation, options);
        }

        var line = JsonNode.Parse(File.ReadAllText(folder.File("support.triage.jsonl")))!.AsObject();
        var request = line["request"]!.AsObject();
        Assert.Equal(line["key"]!.GetValue<string>(), CassetteKey.Compute(line["model"]!.GetValue<string>(), request));
        Assert.Equal("0.2", request["options"]!["temperature"]!.ToJsonString());
        Assert.Equal(7, request["options"]!["seed"]!.GetValue<long>());
    }
}
