using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

public sealed class TokenCounterTests
{
    // OpenAI cookbook "How to count tokens with tiktoken": the API reported 129 prompt tokens for these messages on
    // gpt-3.5-turbo and gpt-4 (cl100k_base) and 124 on gpt-4o and gpt-4o-mini (o200k_base).
    private static readonly ChatMessageText[] CookbookMessages =
    {
        new("system", "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
        new("system", "New synergies will help drive top-line growth.", "example_user"),
        new("system", "Things working well together will increase revenue.", "example_assistant"),
        new("system", "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.", "example_user"),
        new("system", "Let's talk later when we're less busy about how to do better.", "example_assistant"),
        new("user", "This late pivot means we don't have time to boil the ocean for the client deliverable."),
    };

    [Theory]
    [InlineData("gpt-4o", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4o-2024-08-06", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4o-mini", TokenizerFamily.O200kBase)]
    [InlineData("chatgpt-4o-latest", TokenizerFamily.O200kBase)]
    [InlineData("o1", TokenizerFamily.O200kBase)]
    [InlineData("o1-mini-2024-09-12", TokenizerFamily.O200kBase)]
    [InlineData("o3-mini", TokenizerFamily.O200kBase)]
    [InlineData("o4-mini", TokenizerFamily.O200kBase)]
    [InlineData("o4-mini-2025-04-16", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4.1", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4.1-nano-2025-04-14", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4.5-preview", TokenizerFamily.O200kBase)]
    [InlineData("gpt-5", TokenizerFamily.O200kBase)]
    [InlineData("gpt-5-mini-2025-08-07", TokenizerFamily.O200kBase)]
    [InlineData("gpt-5.1", TokenizerFamily.O200kBase)]
    [InlineData("gpt-oss-120b", TokenizerFamily.O200kBase)]
    [InlineData("ft:gpt-4o-mini-2024-07-18:acme::abc123", TokenizerFamily.O200kBase)]
    [InlineData("openai/gpt-4o", TokenizerFamily.O200kBase)]
    [InlineData("openrouter/openai/gpt-4.1-mini", TokenizerFamily.O200kBase)]
    [InlineData("GPT-4o", TokenizerFamily.O200kBase)]
    [InlineData("gpt-4", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-4-0613", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-4-turbo-2024-04-09", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-4-32k", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-3.5-turbo", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-3.5-turbo-0125", TokenizerFamily.Cl100kBase)]
    [InlineData("gpt-35-turbo", TokenizerFamily.Cl100kBase)]
    [InlineData("azure/gpt-35-turbo-16k", TokenizerFamily.Cl100kBase)]
    [InlineData("text-embedding-3-small", TokenizerFamily.Cl100kBase)]
    [InlineData("text-embedding-3-large", TokenizerFamily.Cl100kBase)]
    [InlineData("text-embedding-ada-002", TokenizerFamily.Cl100kBase)]
    [InlineData("ft:gpt-3.5-turbo-0613:acme::xyz", TokenizerFamily.Cl100kBase)]
    [InlineData("claude-sonnet-4-5-20250929", TokenizerFamily.ClaudeEstimate)]
    [InlineData("claude-3-5-haiku-latest", TokenizerFamily.ClaudeEstimate)]
    [InlineData("anthropic/claude-opus-4-1", TokenizerFamily.ClaudeEstimate)]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", TokenizerFamily.ClaudeEstimate)]
    [InlineData("claude-3-5-sonnet@20240620", TokenizerFamily.ClaudeEstimate)]
    [InlineData("gemini-2.5-pro", TokenizerFamily.GeminiEstimate)]
    [InlineData("models/gemini-2.0-flash", TokenizerFamily.GeminiEstimate)]
    [InlineData("google/gemini-1.5-flash-002", TokenizerFamily.GeminiEstimate)]
    [InlineData("mistral-large-latest", TokenizerFamily.GenericEstimate)]
    [InlineData("deepseek-chat", TokenizerFamily.GenericEstimate)]
    [InlineData("grok-4", TokenizerFamily.GenericEstimate)]
    [InlineData("text-davinci-003", TokenizerFamily.GenericEstimate)]
    [InlineData("gpt-4.2-experimental", TokenizerFamily.GenericEstimate)]
    [InlineData("", TokenizerFamily.GenericEstimate)]
    public void ForModel_maps_to_the_family(string modelId, string family)
    {
        var counter = TokenCounters.ForModel(modelId);

        Assert.Equal(family, counter.Family);
        Assert.Equal(TokenizerFamily.IsExact(family), counter.IsExact);
        Assert.Same(TokenCounters.ForFamily(family), counter);
    }

    [Fact]
    public void ForFamily_rejects_unknown_names()
    {
        Assert.Throws<ArgumentException>(() => TokenCounters.ForFamily("p50k_base"));
        Assert.Throws<ArgumentNullException>(() => TokenCounters.ForFamily(null!));
        Assert.Throws<ArgumentNullException>(() => TokenCounters.ForModel(null!));
    }

    [Theory]
    [InlineData(TokenizerFamily.O200kBase)]
    [InlineData(TokenizerFamily.Cl100kBase)]
    public void Exact_counters_count_like_the_encoding(string family)
    {
        var counter = TokenCounters.ForFamily(family);
        var encoding = TiktokenEncoding.Get(family);
        foreach (var text in TiktokenEncodingTests.AllReferenceStrings().Take(100))
        {
            Assert.Equal(new TokenCount(encoding.CountTokens(text), IsEstimate: false), counter.Count(text));
        }
    }

    [Fact]
    public void Estimates_are_flagged_and_scale_the_o200k_count()
    {
        const string text = "Estimate the tokens of this sentence, please: it is only an estimate, never exact.";
        var o200k = TiktokenEncoding.O200kBase.CountTokens(text);

        foreach (var (family, perMille) in new[]
        {
            (TokenizerFamily.ClaudeEstimate, TokenCounters.ClaudeFactorPerMille),
            (TokenizerFamily.GeminiEstimate, TokenCounters.GeminiFactorPerMille),
            (TokenizerFamily.GenericEstimate, TokenCounters.GenericFactorPerMille),
        })
        {
            var counter = TokenCounters.ForFamily(family);
            var count = counter.Count(text);

            Assert.False(counter.IsExact);
            Assert.True(count.IsEstimate);
            Assert.Equal((int)Math.Ceiling(o200k * perMille / 1000m), count.Tokens);
            Assert.True(counter.CountChat(CookbookMessages).IsEstimate);
        }

        Assert.True(TokenCounters.ForFamily(TokenizerFamily.ClaudeEstimate).Count(text).Tokens > o200k);
        Assert.Equal(new TokenCount(0, IsEstimate: true), TokenCounters.ForFamily(TokenizerFamily.ClaudeEstimate).Count(string.Empty));
    }

    [Fact]
    public void Chat_count_matches_the_prompt_tokens_OpenAI_reported()
    {
        Assert.Equal(new TokenCount(129, IsEstimate: false), TokenCounters.ForModel("gpt-4-0613").CountChat(CookbookMessages));
        Assert.Equal(new TokenCount(129, IsEstimate: false), TokenCounters.ForModel("gpt-3.5-turbo").CountChat(CookbookMessages));
        Assert.Equal(new TokenCount(124, IsEstimate: false), TokenCounters.ForModel("gpt-4o").CountChat(CookbookMessages));
        Assert.Equal(new TokenCount(124, IsEstimate: false), TokenCounters.ForModel("gpt-4o-mini").CountChat(CookbookMessages));
    }

    [Fact]
    public void Chat_framing_adds_three_per_message_one_per_name_and_three_for_the_reply()
    {
        var encoding = TiktokenEncoding.O200kBase;
        var counter = TokenCounters.ForFamily(TokenizerFamily.O200kBase);
        var messages = new[]
        {
            new ChatMessageText("system", "You are terse."),
            new ChatMessageText("user", "Hi there", "alice"),
        };

        var expected = 3 + encoding.CountTokens("system") + encoding.CountTokens("You are terse.")
            + 3 + encoding.CountTokens("user") + encoding.CountTokens("Hi there") + encoding.CountTokens("alice") + 1
            + 3;

        Assert.Equal(expected, counter.CountChat(messages).Tokens);
        Assert.Equal(3, counter.CountChat(Array.Empty<ChatMessageText>()).Tokens);
        Assert.Throws<ArgumentException>(() => counter.CountChat(new ChatMessageText[] { null! }));
    }
}
