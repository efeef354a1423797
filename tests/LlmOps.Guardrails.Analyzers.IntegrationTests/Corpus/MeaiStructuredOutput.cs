// Structured output with GetResponseAsync<T>.
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiStructuredOutput;

public sealed record Sentiment(string Label, double Score);

public sealed class SentimentReader(IChatClient chat)
{
    public async Task<Sentiment> ReadAsync(string review)
    {
        ChatResponse<Sentiment> response = await chat.GetResponseAsync<Sentiment>($"Rate the sentiment of: {review}"); // expect: LLM002, LLM003
        return response.Result;
    }

    public async Task<Sentiment> ReadCappedAsync(string review)
    {
        var options = new ChatOptions { MaxOutputTokens = 100, ModelId = "gpt-4o-mini-2024-07-18" };
        options.AdditionalProperties ??= new AdditionalPropertiesDictionary();
        options.AdditionalProperties["llmops.feature"] = "reviews.sentiment";
        ChatResponse<Sentiment> response = await chat.GetResponseAsync<Sentiment>(review, options);
        return response.Result;
    }
}
