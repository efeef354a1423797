// Anthropic's Messages API with the model enum: an alias member, and a pinned one.
using System;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;

namespace Corpus.AnthropicMessagesAlias;

public sealed class Editor(AnthropicClient client)
{
    public Task<Message> EditAsync(string draft) =>
        client.Messages.Create(new MessageCreateParams // expect: LLM003
        {
            Model = Model.ClaudeSonnet4_5, // expect: LLM001
            MaxTokens = 2_048,
            Messages = [new UserMessageParam { Content = draft }],
        });

    public Task<Message> ProofreadAsync(string draft)
    {
        using var scope = LlmOps.Guardrails.Runtime.LlmAttribution.Begin(feature: "proofread");
        return client.Messages.Create(new MessageCreateParams
        {
            Model = Model.ClaudeSonnet4_5_20250929,
            MaxTokens = 2_048,
            Messages = [new UserMessageParam { Content = draft }],
        });
    }
}
