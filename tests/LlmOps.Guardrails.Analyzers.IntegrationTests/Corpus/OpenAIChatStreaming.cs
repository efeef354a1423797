// Streaming chat completion with await foreach.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using OpenAI.Chat;

namespace Corpus.OpenAIChatStreaming;

public sealed class StoryTeller
{
    private readonly ChatClient chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY")); // expect: LLM001

    public async Task<string> TellAsync(string topic)
    {
        var story = new StringBuilder();
        var messages = new List<ChatMessage> { new UserChatMessage($"Tell a short story about {topic}.") };
        await foreach (StreamingChatCompletionUpdate update in chat.CompleteChatStreamingAsync(messages)) // expect: LLM002, LLM003
        {
            foreach (ChatMessageContentPart part in update.ContentUpdate)
            {
                story.Append(part.Text);
            }
        }

        return story.ToString();
    }
}
