using LlmOps.Guardrails.Runtime.Redaction;
using LlmOps.Guardrails.Runtime.Tests.Composition;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Tests.Redaction;

public class PiiRedactingChatClientTests
{
    private const string Email = "jane.doe@example.com";
    private const string Card = "4111 1111 1111 1111";
    private const string Iban = "DE89 3704 0044 0532 0130 00";
    private const string Phone = "+44 20 7946 0958";

    private static readonly string[] Originals = { Email, Card, Iban, Phone };

    private static List<ChatMessage> Request() => new()
    {
        new ChatMessage(ChatRole.System, "Support bot."),
        new ChatMessage(ChatRole.User, $"I am {Email}, card {Card}, IBAN {Iban}, phone {Phone}. Again: {Email}."),
    };

    private static string AllSeen(RecordingChatClient inner) =>
        string.Join("\n", inner.Requests.SelectMany(r => r.Messages).Select(m => m.Text)) + "\n" + string.Join("\n", inner.Requests.Select(r => r.Options?.Instructions));

    [Fact]
    public async Task Provider_never_sees_the_originals_and_the_response_gets_them_back()
    {
        var inner = new RecordingChatClient((messages, _) =>
            RecordingChatClient.Answer($"Noted [EMAIL_1], card [CARD_1], account [IBAN_1], phone [PHONE_1]; [EMAIL_1] again."));
        var client = new PiiRedactingChatClient(inner);

        var response = await client.GetResponseAsync(Request(), new ChatOptions { Instructions = $"Escalations go to {Email}" });

        var seen = AllSeen(inner);
        foreach (var original in Originals)
        {
            Assert.DoesNotContain(original, seen);
        }

        Assert.Contains("I am [EMAIL_1], card [CARD_1], IBAN [IBAN_1], phone [PHONE_1]. Again: [EMAIL_1].", seen);
        Assert.Contains("Escalations go to [EMAIL_1]", seen);
        Assert.Equal($"Noted {Email}, card {Card}, account {Iban}, phone {Phone}; {Email} again.", response.Text);
    }

    [Fact]
    public async Task Caller_messages_are_not_mutated_and_clean_requests_pass_unchanged()
    {
        var inner = new RecordingChatClient();
        var client = new PiiRedactingChatClient(inner);
        var request = Request();
        await client.GetResponseAsync(request);
        Assert.Contains(Email, request[1].Text);

        var clean = new List<ChatMessage> { new(ChatRole.User, "What is the capital of France?") };
        var options = new ChatOptions { Instructions = "Be brief." };
        await client.GetResponseAsync(clean, options);
        Assert.Same(clean[0], inner.Requests[1].Messages[0]);
        Assert.Same(options, inner.Requests[1].Options);
    }

    [Fact]
    public async Task Each_distinct_value_gets_its_own_placeholder()
    {
        var inner = new RecordingChatClient();
        var client = new PiiRedactingChatClient(inner);
        await client.GetResponseAsync(new List<ChatMessage> { new(ChatRole.User, "a@x.io, b@x.io, a@x.io") });
        Assert.Equal("[EMAIL_1], [EMAIL_2], [EMAIL_1]", inner.Requests[0].Messages[0].Text);
    }

    [Fact]
    public async Task Tool_call_arguments_are_restored_and_redacted_in_history()
    {
        var inner = new RecordingChatClient((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, new List<AIContent>
        {
            new FunctionCallContent("c1", "send_mail", new Dictionary<string, object?> { ["to"] = "[EMAIL_1]", ["n"] = 3 }),
        }))
        { FinishReason = ChatFinishReason.ToolCalls });
        var client = new PiiRedactingChatClient(inner);

        var response = await client.GetResponseAsync(new List<ChatMessage> { new(ChatRole.User, $"Mail {Email}") });
        var call = Assert.IsType<FunctionCallContent>(response.Messages[0].Contents[0]);
        Assert.Equal(Email, call.Arguments!["to"]);

        // The next turn carries the restored call and its result: both are redacted again.
        var history = new List<ChatMessage>
        {
            new(ChatRole.User, $"Mail {Email}"),
            response.Messages[0],
            new(ChatRole.Tool, new List<AIContent> { new FunctionResultContent("c1", $"sent to {Email}") }),
        };
        await client.GetResponseAsync(history);
        var second = inner.Requests[1].Messages;
        Assert.Equal("[EMAIL_1]", ((FunctionCallContent)second[1].Contents[0]).Arguments!["to"]);
        Assert.Equal("sent to [EMAIL_1]", ((FunctionResultContent)second[2].Contents[0]).Result);
    }

    [Theory]
    [InlineData("Hi [EMA|IL_1], your card [C|ARD_1] is ok")]
    [InlineData("Hi [|E|M|A|I|L|_|1|]|, your card [CARD_1]| is ok")]
    [InlineData("Hi [EMAIL_1], your card [CARD_1] is ok")]
    [InlineData("Hi [EMAIL_1], your card [CARD_|1] is ok")]
    [InlineData("Hi [EMAIL_1][CARD_|1]| is ok")]
    public async Task Streaming_restores_placeholders_split_across_chunks(string split)
    {
        var chunks = split.Split('|');
        var inner = new RecordingChatClient { StreamChunks = chunks };
        var client = new PiiRedactingChatClient(inner);

        var texts = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync(new List<ChatMessage> { new(ChatRole.User, $"{Email} {Card}") }))
        {
            texts.Add(update.Text);
        }

        Assert.Equal(string.Concat(chunks).Replace("[EMAIL_1]", Email).Replace("[CARD_1]", Card), string.Concat(texts));
        Assert.DoesNotContain(texts, t => t.Contains('[') && t.Contains("EMAIL"));
        Assert.DoesNotContain(Email, AllSeen(inner));
    }

    [Fact]
    public async Task Streaming_flushes_a_trailing_partial_that_never_completed()
    {
        var inner = new RecordingChatClient { StreamChunks = new[] { "See [EM" } };
        var client = new PiiRedactingChatClient(inner);
        var response = await client.GetStreamingResponseAsync(new List<ChatMessage> { new(ChatRole.User, Email) }).ToChatResponseAsync();
        Assert.Equal("See [EM", response.Text);
    }

    [Fact]
    public async Task Streaming_without_pii_is_passed_through()
    {
        var inner = new RecordingChatClient { StreamChunks = new[] { "[EM", "AIL_1]" } };
        var client = new PiiRedactingChatClient(inner);
        var response = await client.GetStreamingResponseAsync(new List<ChatMessage> { new(ChatRole.User, "no pii here") }).ToChatResponseAsync();
        Assert.Equal("[EMAIL_1]", response.Text);
    }

    [Fact]
    public async Task Kinds_and_placeholder_format_are_configurable()
    {
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("<EMAIL#1>"));
        var client = new PiiRedactingChatClient(inner, new PiiRedactionOptions { Kinds = PiiKinds.Email, PlaceholderFormat = "<{0}#{1}>" });
        var response = await client.GetResponseAsync(new List<ChatMessage> { new(ChatRole.User, $"{Email} {Card}") });
        Assert.Equal($"<EMAIL#1> {Card}", inner.Requests[0].Messages[0].Text);
        Assert.Equal(Email, response.Text);

        Assert.Throws<ArgumentException>(() => new PiiRedactingChatClient(inner, new PiiRedactionOptions { PlaceholderFormat = "[{0}]" }));
    }

    [Fact]
    public async Task Restoring_can_be_turned_off()
    {
        var inner = new RecordingChatClient((_, _) => RecordingChatClient.Answer("[EMAIL_1]"));
        var client = new PiiRedactingChatClient(inner, new PiiRedactionOptions { RestoreResponses = false });
        var response = await client.GetResponseAsync(new List<ChatMessage> { new(ChatRole.User, Email) });
        Assert.Equal("[EMAIL_1]", response.Text);
    }
}
