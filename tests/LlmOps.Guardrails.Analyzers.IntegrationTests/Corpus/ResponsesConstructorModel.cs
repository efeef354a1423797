// The Responses API's usual form in OpenAI 2.15: the model passed to the options' constructor.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI;
using OpenAI.Responses;

namespace Corpus.ResponsesConstructorModel;

[LlmFeature("research")]
public static class Researcher
{
    public static async Task<string> ResearchAsync(string topic)
    {
        ResponsesClient responses = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!).GetResponsesClient();
        List<ResponseItem> items = [ResponseItem.CreateUserMessageItem($"Summarize recent work on {topic}.")];
        var options = new CreateResponseOptions("gpt-5.4-mini", items) { MaxOutputTokenCount = 2_000 }; // expect: LLM001
        ResponseResult response = await responses.CreateResponseAsync(options);
        return response.GetOutputText();
    }

    public static async Task<string> ShortAsync(string question)
    {
        ResponsesClient responses = new OpenAIClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!).GetResponsesClient();
        var options = new CreateResponseOptions("gpt-4.1-2025-04-14", [ResponseItem.CreateUserMessageItem(question)]);
        ResponseResult response = await responses.CreateResponseAsync(options); // expect: LLM002
        return response.GetOutputText();
    }
}
