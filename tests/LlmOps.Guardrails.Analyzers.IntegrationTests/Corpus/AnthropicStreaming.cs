// Streaming Anthropic messages with a string model id.
using System.Text;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicStreaming;

[LlmFeature("essay")]
public sealed class EssayWriter(AnthropicClient client)
{
    public async Task<string> WriteAsync(string topic)
    {
        var parameters = new MessageCreateParams
        {
            Model = "claude-haiku-4-5", // expect: LLM001
            MaxTokens = 4_000,
            Messages = [new UserMessageParam { Content = topic }],
        };
        var text = new StringBuilder();
        await foreach (RawMessageStreamEvent streamEvent in client.Messages.CreateStreaming(parameters))
        {
            if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
            {
                text.Append(textDelta.Text);
            }
        }

        return text.ToString();
    }
}
