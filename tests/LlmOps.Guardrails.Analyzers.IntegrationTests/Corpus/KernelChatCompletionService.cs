// IChatCompletionService taken from the kernel, with a chat history.
using System.Threading.Tasks;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Corpus.KernelChatCompletionService;

public sealed class Tutor(Kernel kernel)
{
    private readonly ChatHistory history = new("You are a patient math tutor.");

    public async Task<string> ExplainAsync(string question)
    {
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        history.AddUserMessage(question);
        ChatMessageContent reply = await chat.GetChatMessageContentAsync(history); // expect: LLM002, LLM003
        history.Add(reply);
        return reply.Content ?? "";
    }

    public async Task<string> HintAsync(string question)
    {
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        history.AddUserMessage(question);
        var settings = new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-2024-08-06", MaxTokens = 50_000 }; // expect: LLM007
        ChatMessageContent reply = await chat.GetChatMessageContentAsync(history, settings); // expect: LLM003
        return reply.Content ?? "";
    }
}
