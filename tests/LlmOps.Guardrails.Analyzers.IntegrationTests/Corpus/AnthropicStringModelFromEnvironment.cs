// An Anthropic client from the environment with the model as a string read at run time.
// expect: none
using System;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicStringModelFromEnvironment;

[LlmFeature("tagging")]
public static class Tagger
{
    public static async Task<Message> TagAsync(string text)
    {
        var client = new AnthropicClient { ApiKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY") };
        var model = Environment.GetEnvironmentVariable("TAGGER_MODEL") ?? throw new InvalidOperationException("Set TAGGER_MODEL.");
        return await client.Messages.Create(new MessageCreateParams { Model = model, MaxTokens = 200, Messages = [new UserMessageParam { Content = text }] });
    }
}
