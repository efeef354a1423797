// A retired Claude 3 snapshot still referenced by an old helper.
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicRetiredModel;

[LlmFeature("legacy.haiku")]
public static class OldHelper
{
    public static Task<Message> ShortAsync(AnthropicClient client, string text) =>
        client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-3-haiku-20240307", // expect: LLM005
            MaxTokens = 300,
            Messages = [new UserMessageParam { Content = text }],
        });
}
