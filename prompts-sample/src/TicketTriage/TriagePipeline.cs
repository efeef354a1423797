using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace TicketTriage;

/// <summary>The triage of one ticket.</summary>
internal sealed record TriageResult(string Category, string Urgency, string Summary, string DraftReply);

/// <summary>
/// classify → summarise → draft a reply. Messages and options come from the generated prompt accessors, so the model,
/// the output cap and the attribution tags (feature, team, prompt id and version) are the prompt files' own.
/// </summary>
internal static class TriagePipeline
{
    public static async Task<TriageResult> RunAsync(GuardedClients clients, TicketInput ticket, CancellationToken cancellationToken)
    {
        var classification = await clients.Classify.GetResponseAsync(
            Prompts.ClassifyTicket.RenderChatMessages(ticket.Subject, ticket.Body),
            Prompts.ClassifyTicket.CreateChatOptions(),
            cancellationToken).ConfigureAwait(false);
        (string category, string urgency) = ParseClassification(classification.Text);

        string thread = ThreadOf(ticket);
        var summary = await clients.Summarise.GetResponseAsync(
            Prompts.SummariseTicket.RenderChatMessages(thread),
            Prompts.SummariseTicket.CreateChatOptions(),
            cancellationToken).ConfigureAwait(false);

        var reply = await clients.DraftReply.GetResponseAsync(
            Prompts.DraftReply.RenderChatMessages(ticket.CustomerName, category, summary.Text),
            Prompts.DraftReply.CreateChatOptions(),
            cancellationToken).ConfigureAwait(false);

        return new TriageResult(category, urgency, summary.Text, reply.Text);
    }

    /// <summary>A new ticket is a thread of one customer message.</summary>
    public static string ThreadOf(TicketInput ticket) => $"Customer: {ticket.Subject}\n{ticket.Body}";

    /// <summary>The category and urgency from the classifier's JSON; anything unreadable goes to a human as other/normal.</summary>
    public static (string Category, string Urgency) ParseClassification(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(StripFence(text));
            var root = doc.RootElement;
            string category = root.TryGetProperty("category", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "other";
            string urgency = root.TryGetProperty("urgency", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "normal";
            return (category, urgency);
        }
        catch (JsonException)
        {
            return ("other", "normal");
        }
    }

    // Models often wrap JSON in a markdown fence even when asked not to.
    private static string StripFence(string text)
    {
        string trimmed = text.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal)) return trimmed;
        int firstLine = trimmed.IndexOf('\n', StringComparison.Ordinal);
        int lastFence = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && lastFence > firstLine ? trimmed[(firstLine + 1)..lastFence].Trim() : trimmed;
    }
}
