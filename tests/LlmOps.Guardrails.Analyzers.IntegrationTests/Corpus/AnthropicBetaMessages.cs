// The Beta Messages parameters with an unknown, misspelt model id.
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Beta.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicBetaMessages;

[LlmFeature("beta.trial")]
public static class BetaTrial
{
    public static Task<BetaMessage> TryAsync(AnthropicClient client, string prompt) =>
        client.Beta.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonet-4-5-20250929", // expect: LLM004
            MaxTokens = 1_024,
            Messages = [new BetaUserMessageParam { Content = prompt }],
        });
}
