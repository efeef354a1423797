// A key pasted into source, next to a placeholder that is not a key.
using System.ClientModel;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAIHardCodedKey;

[LlmFeature("prototype")]
public static class Prototype
{
    private const string Placeholder = "sk-your-key-goes-here";

    public static async Task<string> RunAsync(string prompt)
    {
        var client = new OpenAIClient(new ApiKeyCredential("sk-proj-LlmOpsCorpus0123456789abcdefXYZ")); // expect: LLM006
        ChatClient chat = client.GetChatClient("gpt-4.1-2025-04-14");
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(prompt)], new ChatCompletionOptions { MaxOutputTokenCount = 256 });
        return completion.Content[0].Text + Placeholder.Length;
    }
}
