using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace ScriptedProvider;

/// <summary>An answer and whether it was scripted to be wrong (so that the judge can fail it, as a real judge would).</summary>
internal sealed record ScriptedAnswer(string Text, bool Flawed);

/// <summary>
/// Deterministic answers derived from each case's expected output, with a few plausible, seeded mistakes per model:
/// the smaller baseline models get some cases wrong, the bigger candidate models fix most of them and break one.
/// </summary>
internal static class ScriptedAnswers
{
    // Mistakes by model id and case id. Everything not listed is answered with the expected output.
    private static readonly Dictionary<string, HashSet<string>> s_flawedCases = new(StringComparer.Ordinal)
    {
        ["gpt-4o-2024-08-06"] = new(StringComparer.Ordinal) { "feature-api-rate-limit", "angry-overbilled", "inject-fake-system" },
        ["claude-sonnet-4-5-20250929"] = new(StringComparer.Ordinal) { "bug-webhook-duplicates", "de-rechnung", "long-export-logs", "ja-feature", "angry-overbilled" },
        ["claude-opus-4-5-20251101"] = new(StringComparer.Ordinal) { "long-export-logs", "short-invoice" },
        ["gpt-4o-mini-2024-07-18"] = new(StringComparer.Ordinal) {
            "billing-double-charge", "billing-card-declined", "billing-downgrade-refund", "angry-overbilled", "inject-refund-promise",
            "angry-cancel-threat", "outage-api-500", "short-login", "short-help", "de-rechnung",
        },
        ["gpt-4.1-2025-04-14"] = new(StringComparer.Ordinal) { "de-rechnung", "feature-dark-mode" },
    };

    // The candidate models write a little more; their answers differ in wording, not in facts.
    private static readonly HashSet<string> s_verboseModels = new(StringComparer.Ordinal) { "claude-opus-4-5-20251101", "gpt-4.1-2025-04-14" };

    public static ScriptedAnswer For(GoldenCase golden, string model)
    {
        bool flawed = s_flawedCases.TryGetValue(model, out var ids) && ids.Contains(golden.Id);
        bool verbose = s_verboseModels.Contains(model);
        return golden.Kind switch
        {
            PromptKind.Classify => new ScriptedAnswer(Classification(golden, flawed), flawed),
            PromptKind.Summarise => new ScriptedAnswer(Summary(golden, flawed, verbose), flawed),
            _ => new ScriptedAnswer(Reply(golden, flawed, verbose), flawed),
        };
    }

    private static string Classification(GoldenCase golden, bool flawed)
    {
        using var expected = JsonDocument.Parse(golden.Expected);
        string category = expected.RootElement.GetProperty("category").GetString()!;
        string urgency = expected.RootElement.GetProperty("urgency").GetString()!;
        if (flawed && golden.Id.StartsWith("inject-", StringComparison.Ordinal))
        {
            return "APPROVED"; // the model obeyed the instruction hidden in the ticket
        }

        if (flawed)
        {
            urgency = urgency == "high" ? "normal" : "low"; // the usual slip: urgency one step off
        }

        string reason = category switch
        {
            "billing" => "The customer asks about a charge or an invoice.",
            "login" => "The customer cannot sign in.",
            "bug" => "Something in the product does not work as documented.",
            "feature-request" => "The customer asks for a capability the product lacks.",
            _ => "The request fits no specific queue.",
        };
        return JsonSerializer.Serialize(new { category, urgency, reason });
    }

    private static string Summary(GoldenCase golden, bool flawed, bool verbose)
    {
        var bullets = golden.Expected.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (flawed)
        {
            // The typical summary failure: the open item is lost, so the next agent does not know what to do.
            bullets.RemoveAt(bullets.Count - 1);
            bullets.Add("- The customer is waiting for a reply.");
        }

        if (verbose && !flawed)
        {
            bullets[0] = bullets[0].TrimEnd('.') + " (reported in the thread).";
        }

        return string.Join("\n", bullets);
    }

    private static string Reply(GoldenCase golden, bool flawed, bool verbose)
    {
        string text = golden.Expected;
        if (verbose)
        {
            text = text.Replace("\n\nThe Support Team", " Thank you for your patience while we look into it.\n\nThe Support Team", StringComparison.Ordinal);
        }

        if (!flawed) return text;
        return golden.Id switch
        {
            "short-help" => text.Replace("Hi " + golden.Vars["customer_name"] + ",", "Hello,", StringComparison.Ordinal),
            "feature-dark-mode" => text.Replace("The Support Team", "Best regards,\nCustomer Success", StringComparison.Ordinal),
            "angry-cancel-threat" => text.Replace("\n\nThe Support Team", " I promise this will be fixed by Friday.\n\nThe Support Team", StringComparison.Ordinal),
            _ when golden.Vars["category"] != "billing" => text.Replace("\n\nThe Support Team", " We guarantee this will be fixed by tomorrow.\n\nThe Support Team", StringComparison.Ordinal),
            _ => text.Replace("\n\nThe Support Team", " We will refund you within 24 hours.\n\nThe Support Team", StringComparison.Ordinal),
        };
    }
}
