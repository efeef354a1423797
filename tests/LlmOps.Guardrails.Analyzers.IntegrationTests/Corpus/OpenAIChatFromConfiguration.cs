// OpenAI chat client whose model and key come from IConfiguration: run-time values are never judged.
// expect: none
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.Configuration;
using OpenAI;
using OpenAI.Chat;

namespace Corpus.OpenAIChatFromConfiguration;

[LlmFeature("support.reply")]
public sealed class SupportReplier(IConfiguration configuration)
{
    private readonly ChatClient chat = new OpenAIClient(configuration["OpenAI:ApiKey"]!).GetChatClient(configuration["OpenAI:ChatModel"]!);

    public async Task<string> ReplyAsync(string ticket, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new SystemChatMessage("Answer the customer politely."), new UserChatMessage(ticket) };
        var options = new ChatCompletionOptions { MaxOutputTokenCount = int.Parse(configuration["OpenAI:MaxOutputTokens"] ?? "600") };
        ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
        return completion.Content[0].Text;
    }
}
