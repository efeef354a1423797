// Structured output through the Responses API's text options, with a cap above the model's maximum.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Responses;

namespace Corpus.ResponsesStructuredOutput;

[LlmFeature("contacts.extract")]
public static class ContactExtractor
{
    public static async Task<string> ExtractAsync(string email)
    {
        var responses = new ResponsesClient(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!);
        var options = new CreateResponseOptions
        {
            Model = "gpt-4o-mini-2024-07-18",
            MaxOutputTokenCount = 20_000, // expect: LLM007
            TextOptions = new ResponseTextOptions
            {
                TextFormat = ResponseTextFormat.CreateJsonSchemaFormat("contact", BinaryData.FromString("""{"type":"object","properties":{"name":{"type":"string"}}}""")),
            },
            InputItems = { ResponseItem.CreateUserMessageItem(email) },
        };
        ResponseResult response = await responses.CreateResponseAsync(options);
        return response.GetOutputText();
    }
}
