// Anthropic tool use: a tool with an input schema, and a cap above the pinned model's maximum.
using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;
using LlmOps.Guardrails.Runtime;

namespace Corpus.AnthropicTools;

[LlmFeature("inventory")]
public sealed class InventoryAgent(AnthropicClient client)
{
    private static readonly Tool StockTool = new()
    {
        Name = "check_stock",
        Description = "Units in stock for a product code",
        InputSchema = new InputSchema { Properties = new Dictionary<string, JsonElement> { ["code"] = JsonSerializer.SerializeToElement(new { type = "string" }) } },
    };

    public Task<Message> AskAsync(string question) =>
        client.Messages.Create(new MessageCreateParams
        {
            Model = "claude-sonnet-4-5-20250929",
            MaxTokens = 100_000, // expect: LLM007
            Tools = [StockTool],
            Messages = [new UserMessageParam { Content = question }],
        });
}
