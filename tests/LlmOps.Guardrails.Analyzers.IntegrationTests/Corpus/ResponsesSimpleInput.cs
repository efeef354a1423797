// The Responses API with a model and a plain text input: this overload cannot carry a cap.
using System;
using System.Threading.Tasks;
using OpenAI.Responses;

namespace Corpus.ResponsesSimpleInput;

public static class QuickAnswer
{
    public static async Task<string> AnswerAsync(string question)
    {
        var responses = new ResponsesClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        ResponseResult response = await responses.CreateResponseAsync("gpt-4.1", question); // expect: LLM001, LLM002, LLM003
        return response.GetOutputText();
    }
}
