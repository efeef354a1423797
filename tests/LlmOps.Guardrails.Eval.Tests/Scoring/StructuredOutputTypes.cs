using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

// The shapes an app asks a model for with GetResponseAsync<T>: nested records, nullable members, enums, lists.
// The json-schema assertion's `type:` form loads them from this test assembly.

public enum TicketPriority
{
    Low,
    Normal,
    High,
}

public sealed record TicketLine(string Sku, int Quantity, TicketPriority Priority);

public sealed record TicketContact(string Email, string? Phone);

public sealed record SupportTicket(string Summary, TicketPriority Priority, IReadOnlyList<TicketLine> Lines, TicketContact? Contact, int? EstimateMinutes);

/// <summary>A type whose schema forbids unknown members, as System.Text.Json's Disallow handling makes it.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StrictRefund(string OrderId, decimal Amount, IReadOnlyList<string> Reasons);
