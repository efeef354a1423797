// Function calling with the OpenAI chat client: tools in the options, a loop over tool calls.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Chat;

namespace Corpus.OpenAIChatTools;

[LlmFeature("weather")]
public sealed class WeatherAgent
{
    private static readonly ChatTool WeatherTool = ChatTool.CreateFunctionTool(
        functionName: "get_weather",
        functionDescription: "Current weather for a city",
        functionParameters: BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    public async Task<string> AskAsync(string question)
    {
        var chat = new ChatClient("gpt-4.1-mini-2025-04-14", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        var messages = new List<ChatMessage> { new UserChatMessage(question) };
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        while (true)
        {
            ChatCompletion completion = await chat.CompleteChatAsync(messages, options); // expect: LLM002
            if (completion.FinishReason != ChatFinishReason.ToolCalls)
            {
                return completion.Content[0].Text;
            }

            messages.Add(new AssistantChatMessage(completion));
            foreach (ChatToolCall call in completion.ToolCalls)
            {
                messages.Add(new ToolChatMessage(call.Id, "{\"temperature\":21}"));
            }
        }
    }
}
