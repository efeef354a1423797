using System.Text.Json;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Eval.Scoring;
using Microsoft.Extensions.AI;
using static LlmOps.Guardrails.Eval.Tests.Scoring.ScoringTestHelpers;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

/// <summary>Schemas generated from C# types as Microsoft.Extensions.AI sends them, checked against serialized instances.</summary>
public class ClrTypeSchemaTests
{
    private static readonly SupportTicket Ticket = new(
        "Refund not received",
        TicketPriority.High,
        new[] { new TicketLine("A-1", 2, TicketPriority.Normal), new TicketLine("B-7", 1, TicketPriority.Low) },
        new TicketContact("ana@example.com", null),
        null);

    [Fact]
    public void The_schema_is_the_one_ChatResponseFormat_ForJsonSchema_sends()
    {
        var sent = ChatResponseFormat.ForJsonSchema<SupportTicket>().Schema!.Value;
        Assert.True(JsonElement.DeepEquals(sent, ClrTypeSchema.For(typeof(SupportTicket))), ClrTypeSchema.For(typeof(SupportTicket)).GetRawText());
        var strict = ChatResponseFormat.ForJsonSchema<StrictRefund>().Schema!.Value;
        Assert.True(JsonElement.DeepEquals(strict, ClrTypeSchema.For(typeof(StrictRefund))));
    }

    [Fact]
    public void A_serialized_instance_is_valid_with_nulls_nested_records_enums_and_lists()
    {
        var result = Check<SupportTicket>(Serialize(Ticket));
        Assert.True(result.Passed, result.Reason);
        Assert.True(Check<SupportTicket>(Serialize(Ticket with { Contact = null, EstimateMinutes = 30, Lines = Array.Empty<TicketLine>() })).Passed);
    }

    [Fact]
    public void A_wrong_enum_value_deep_in_a_list_is_refused_at_its_path()
    {
        var json = JsonNode.Parse(Serialize(Ticket))!;
        json["lines"]![1]!["priority"] = "Urgent";
        var result = Check<SupportTicket>(json.ToJsonString());
        Assert.False(result.Passed);
        Assert.True(result.Reason!.Contains("/lines/1/priority: enum: \"Urgent\" is not one of Low, Normal, High", StringComparison.Ordinal), result.Reason);
        Assert.Contains("/lines/1/priority: enum: \"Urgent\" is not one of Low, Normal, High", result.Reason);
    }

    [Fact]
    public void A_missing_required_member_is_refused()
    {
        var json = JsonNode.Parse(Serialize(Ticket))!.AsObject();
        json.Remove("contact");
        var result = Check<SupportTicket>(json.ToJsonString());
        Assert.False(result.Passed);
        Assert.Contains("/: required: ", result.Reason);
        Assert.Contains("contact", result.Reason);
    }

    [Fact]
    public void A_null_where_the_member_is_not_nullable_is_refused()
    {
        var json = JsonNode.Parse(Serialize(Ticket))!;
        json["summary"] = null;
        Assert.Contains("/summary: type: ", Check<SupportTicket>(json.ToJsonString()).Reason);
    }

    [Fact]
    public void An_extra_member_is_refused_only_when_the_type_forbids_it()
    {
        var refund = JsonNode.Parse(Serialize(new StrictRefund("o-1", 12.5m, new[] { "late" })))!;
        var valid = Check<StrictRefund>(refund.ToJsonString());
        Assert.True(valid.Passed, valid.Reason);
        refund["note"] = "extra";
        var result = Check<StrictRefund>(refund.ToJsonString());
        Assert.False(result.Passed);
        Assert.Contains("/note: additionalProperties: property 'note' is not allowed", result.Reason);

        // SupportTicket's schema allows unknown members, as MEAI sends it: an extra one passes.
        var ticket = JsonNode.Parse(Serialize(Ticket))!;
        ticket["note"] = "extra";
        Assert.True(Check<SupportTicket>(ticket.ToJsonString()).Passed);
    }

    // MEAI's default options, but writing nulls: the schema requires every member, nullable ones too (as a model in
    // strict mode answers), while AIJsonUtilities.DefaultOptions leaves nulls out when writing.
    private static readonly JsonSerializerOptions Options = new(AIJsonUtilities.DefaultOptions) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never };

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static Eval.Results.ScoreResult Check<T>(string output) =>
        Run(new ScorerSpec { Type = "json-schema", Value = ClrTypeSchema.For(typeof(T)).GetRawText() }, output);
}
