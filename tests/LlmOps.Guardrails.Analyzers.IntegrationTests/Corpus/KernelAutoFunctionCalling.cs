// Kernel plugins with automatic function calling through the execution settings.
using System.ComponentModel;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Corpus.KernelAutoFunctionCalling;

public sealed class LightsPlugin
{
    [KernelFunction, Description("Turns the lights in a room on or off")]
    public string Switch(string room, bool on) => $"{room}: {(on ? "on" : "off")}";
}

[LlmFeature("home.assistant")]
public sealed class HomeAssistant(Kernel kernel)
{
    public async Task<string> HandleAsync(string command)
    {
        kernel.Plugins.AddFromType<LightsPlugin>("lights");
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), ModelId = "gpt-4.1" }; // expect: LLM001
        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory();
        history.AddUserMessage(command);
        ChatMessageContent reply = await chat.GetChatMessageContentAsync(history, settings, kernel); // expect: LLM002
        return reply.Content ?? "";
    }
}
