// ChatOptions carrying a cap and the feature key the runtime middleware reads.
// expect: none
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Corpus.MeaiOptionsWithAttribution;

public sealed class ReviewSummarizer(IChatClient chat)
{
    public async Task<string> SummarizeAsync(IList<ChatMessage> reviews, CancellationToken cancellationToken)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = 500,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["llmops.feature"] = "reviews.summary" },
        };
        ChatResponse response = await chat.GetResponseAsync(reviews, options, cancellationToken);
        return response.Text;
    }
}
