// Structured output with a JSON schema response format, and a cap above the model's maximum.
using System;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using OpenAI.Chat;

namespace Corpus.OpenAIChatStructuredOutput;

[LlmFeature("invoice.extract")]
public static class InvoiceExtractor
{
    public static async Task<string> ExtractAsync(string invoiceText)
    {
        var chat = new ChatClient("gpt-4o-2024-08-06", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(
                jsonSchemaFormatName: "invoice",
                jsonSchema: BinaryData.FromString("""{"type":"object","properties":{"total":{"type":"number"}},"required":["total"],"additionalProperties":false}"""),
                jsonSchemaIsStrict: true),
            MaxOutputTokenCount = 32_000, // expect: LLM007
        };
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage(invoiceText)], options);
        return completion.Content[0].Text;
    }
}
