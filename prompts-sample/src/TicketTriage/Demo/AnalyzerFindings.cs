using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace TicketTriage.Demo;

/// <summary>
/// One deliberate finding per LlmOps.Guardrails analyzer rule, for the walkthrough. Never called: the code only has
/// to compile. Demo/.editorconfig silences the findings; build with -p:ShowAnalyzerDemo=true to see them.
/// LLM008 is in Demo/demo.llmops.models.yaml.
/// </summary>
[LlmFeature("analyzer-demo")]
internal static class AnalyzerFindings
{
    // LLM006: a provider key written in the source (a made-up one; real keys come from the environment).
    private const string HardCodedKey = "sk-demo-0000000000000000000000000000";

    public static Task<ChatResponse> FloatingAliasAsync(IChatClient chat) =>
        // LLM001: "gpt-4o" is an alias the provider can repoint; pin gpt-4o-2024-08-06.
        chat.GetResponseAsync("Classify this ticket", new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 100 });

    public static Task<ChatResponse> NoOutputCapAsync(IChatClient chat) =>
        // LLM002: no MaxOutputTokens, so the cost of this call is unbounded.
        chat.GetResponseAsync("Summarise this thread", new ChatOptions { ModelId = "gpt-4o-2024-08-06" });

    public static Task<ChatResponse> UnknownModelAsync(IChatClient chat) =>
        // LLM004: a typo in the model id.
        chat.GetResponseAsync("Classify this ticket", new ChatOptions { ModelId = "gpt-4o-2024-08-60", MaxOutputTokens = 100 });

    public static Task<ChatResponse> DeprecatedModelAsync(IChatClient chat) =>
        // LLM005: a deprecated snapshot, retiring soon.
        chat.GetResponseAsync("Classify this ticket", new ChatOptions { ModelId = "gpt-5-mini-2025-08-07", MaxOutputTokens = 100 });

    public static ChatClient HardCodedKeyClient() => new("gpt-4o-2024-08-06", HardCodedKey);

    public static Task<ChatResponse> CapAboveModelMaximumAsync(IChatClient chat) =>
        // LLM007: gpt-4o-2024-08-06 produces at most 16,384 output tokens.
        chat.GetResponseAsync("Summarise this thread", new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = 100_000 });
}

/// <summary>The LLM003 finding: a class with no [LlmFeature], so its call is billed to nobody.</summary>
internal static class UnattributedFindings
{
    public static Task<ChatResponse> NoAttributionAsync(IChatClient chat) =>
        // LLM003: nobody is billed for this call (no feature tag).
        chat.GetResponseAsync("Draft a reply", new ChatOptions { ModelId = "gpt-4o-2024-08-06", MaxOutputTokens = 200 });
}
