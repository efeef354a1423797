using System.IO;
using System.Linq;

namespace TicketTriage;

/// <summary>What the app would send, printed when no provider key is set (never the keys themselves).</summary>
internal static class DryRun
{
    public static void Print(TicketInput ticket, TextWriter output)
    {
        output.WriteLine("No OPENAI_API_KEY / ANTHROPIC_API_KEY set: showing what the triage would do, without calling a model.");
        output.WriteLine($"ticket: \"{ticket.Subject}\" ({ticket.Body.Length} characters), customer {ticket.CustomerName}");
        output.WriteLine();
        Step(output, 1, Prompts.ClassifyTicket.Id, Prompts.ClassifyTicket.Version, Prompts.ClassifyTicket.Model, Prompts.ClassifyTicket.MaxOutputTokens,
            Prompts.ClassifyTicket.Feature, Prompts.ClassifyTicket.Render(ticket.Subject, ticket.Body).Sum(m => m.Content.Length));
        Step(output, 2, Prompts.SummariseTicket.Id, Prompts.SummariseTicket.Version, Prompts.SummariseTicket.Model, Prompts.SummariseTicket.MaxOutputTokens,
            Prompts.SummariseTicket.Feature, Prompts.SummariseTicket.Render(TriagePipeline.ThreadOf(ticket)).Sum(m => m.Content.Length));
        Step(output, 3, Prompts.DraftReply.Id, Prompts.DraftReply.Version, Prompts.DraftReply.Model, Prompts.DraftReply.MaxOutputTokens,
            Prompts.DraftReply.Feature, Prompts.DraftReply.Render(ticket.CustomerName, "<category from step 1>", "<summary from step 2>").Sum(m => m.Content.Length));
        output.WriteLine();
        output.WriteLine("Set the keys to run it for real; every call then goes through the LlmOps guardrails (attribution, telemetry, retries, budget).");
    }

    private static void Step(TextWriter output, int number, string id, int version, string model, int? maxOutputTokens, string? feature, int promptCharacters) =>
        output.WriteLine($"{number}. {id} v{version} on {model} via {(GuardedClients.IsAnthropic(model) ? "Anthropic" : "OpenAI")}: " +
            $"{promptCharacters} prompt characters, at most {maxOutputTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unbounded"} output tokens, billed to feature '{feature}'");
}
