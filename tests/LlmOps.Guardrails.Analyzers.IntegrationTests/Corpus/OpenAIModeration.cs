// The moderation endpoint with its own model ids: not a chat model site.
// expect: none
using System;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Moderations;

namespace Corpus.OpenAIModeration;

public static class ContentGate
{
    public static async Task<bool> IsFlaggedAsync(string text)
    {
        var client = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        ModerationClient moderation = client.GetModerationClient("omni-moderation-latest");
        ModerationResult result = await moderation.ClassifyTextAsync(text);
        return result.Flagged;
    }
}
