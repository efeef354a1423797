// An Anthropic key pasted into the client options.
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicHardCodedKey;

[LlmFeature("demo")]
public static class Demo
{
    public static Task<Message> RunAsync(string prompt)
    {
        var client = new AnthropicClient(new ClientOptions { ApiKey = "sk-ant-api03-LlmOpsCorpus0123456789abcdefGHIJ" }); // expect: LLM006
        return client.Messages.Create(new MessageCreateParams { Model = "claude-sonnet-4-6", MaxTokens = 500, Messages = [new UserMessageParam { Content = prompt }] });
    }
}
