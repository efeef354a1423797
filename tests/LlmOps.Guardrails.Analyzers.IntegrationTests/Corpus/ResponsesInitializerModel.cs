// The Responses API with the model set in the options' initializer.
using System;
using System.Threading.Tasks;
using OpenAI.Responses;

namespace Corpus.ResponsesInitializerModel;

public static class Translator
{
    public static async Task<string> TranslateAsync(string text)
    {
        var responses = new ResponsesClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var options = new CreateResponseOptions
        {
            Model = "gpt-4o", // expect: LLM001
            Instructions = "Translate to French.",
            InputItems = { ResponseItem.CreateUserMessageItem(text) },
        };
        ResponseResult response = await responses.CreateResponseAsync(options); // expect: LLM002, LLM003
        return response.GetOutputText();
    }
}
