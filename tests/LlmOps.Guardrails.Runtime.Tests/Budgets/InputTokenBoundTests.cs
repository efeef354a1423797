using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Runtime.Budgets;
using Microsoft.Extensions.AI;
using Xunit;

namespace LlmOps.Guardrails.Runtime.Tests.Budgets;

/// <summary>The byte bound the budget reserves from must never fall below what the tokenizer counts for the same request.</summary>
public sealed class InputTokenBoundTests
{
    public static TheoryData<string> Models => new() { "gpt-4o-mini-2024-07-18", "gpt-4-0613", "claude-sonnet-4-20250514", "gemini-2.5-pro", "some-unknown-model" };

    private static readonly string[] Texts =
    {
        "",
        "a",
        "My invoice for March is wrong, the amount charged twice.",
        "1234567890 0987654321 3.14159265358979 2026-12-07T08:57:39Z",
        "     \t\t\n\n\n    leading and trailing runs     ",
        "日本語のテキストはバイトあたりのトークンが多い。中文文本也是如此。",
        "🙂🚀👩‍👩‍👧‍👦🇫🇷 emoji sequences 🧑🏽‍💻",
        "Ünïcödé àccents ça ñ ß ø å",
        "{\"json\":[1,2,3],\"nested\":{\"k\":null}}",
        new string('x', 5000),
        "if (a != b) { return c ?? d; } // code-ish <tag attr=\"v\"/>",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void The_bound_is_never_below_the_tokenizer_count(string model)
    {
        var counter = TokenCounters.ForModel(model);
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var messages = new List<ChatMessage>();
            var count = 1 + random.Next(4);
            for (var i = 0; i < count; i++)
            {
                var role = random.Next(3) switch { 0 => ChatRole.System, 1 => ChatRole.User, _ => ChatRole.Assistant };
                var message = new ChatMessage(role, Texts[random.Next(Texts.Length)] + RandomText(random));
                if (random.Next(4) == 0)
                {
                    message.AuthorName = "agent_" + random.Next(1000);
                }

                messages.Add(message);
            }

            var counted = counter.CountChat(messages.Select(m => new ChatMessageText(m.Role.Value, m.Text ?? string.Empty, m.AuthorName)).ToList()).Tokens;
            var bound = InputTokenBound.Of(messages, counter.IsExact);
            Assert.True(bound >= counted, $"{model}: bound {bound} < counted {counted}");
        }
    }

    [Fact]
    public void Every_text_part_is_counted()
    {
        var one = new ChatMessage(ChatRole.User, "hello world");
        var split = new ChatMessage(ChatRole.User, new List<AIContent> { new TextContent("hello "), new TextContent("world"), new DataContent(new byte[] { 1, 2 }, "image/png") });

        Assert.Equal(InputTokenBound.Of(new[] { one }, exactTokenizer: true), InputTokenBound.Of(new[] { split }, exactTokenizer: true));
        Assert.Equal(3 + 3 + 4 + 11, InputTokenBound.Of(new[] { one }, exactTokenizer: true));
        Assert.Equal(2 * (3 + 3 + 4 + 11), InputTokenBound.Of(new[] { one }, exactTokenizer: false));
    }

    // Code points from every UTF-8 length (1 to 4 bytes), so rare merges and byte fallback are both exercised.
    private static string RandomText(Random random)
    {
        var builder = new System.Text.StringBuilder();
        var length = random.Next(40);
        for (var i = 0; i < length; i++)
        {
            var codePoint = random.Next(4) switch
            {
                0 => random.Next(0x20, 0x7F),
                1 => random.Next(0x80, 0x800),
                2 => random.Next(0x4E00, 0x9FFF),
                _ => random.Next(0x1F300, 0x1FAFF),
            };
            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        return builder.ToString();
    }
}
