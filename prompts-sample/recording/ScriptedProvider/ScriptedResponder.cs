using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace ScriptedProvider;

/// <summary>Turns one request into the text the stand-in answers with: an application answer or a judge verdict.</summary>
internal sealed class ScriptedResponder
{
    private const string JudgeMarker = "You are an evaluation judge.";
    private const string OutputMarker = "Output to grade";

    private readonly CaseIndex index;
    // Every application answer served in this run, so that a judge request can tell a scripted mistake from a good answer.
    private readonly ConcurrentDictionary<string, bool> served = new(StringComparer.Ordinal);
    private int calls;

    public ScriptedResponder(CaseIndex index) => this.index = index;

    public int NextCallNumber() => Interlocked.Increment(ref calls);

    /// <summary>The answer text, or null with a reason when the request matches no golden case.</summary>
    public string? Answer(ProviderRequest request, out string? problem, out int latencyMs)
    {
        problem = null;
        if (request.SystemText.Contains(JudgeMarker, StringComparison.Ordinal))
        {
            latencyMs = 300 + (request.UserText.Length % 150);
            return Verdict(request.UserText);
        }

        PromptKind? kind = KindOf(request.SystemText);
        var golden = kind is null ? null : index.Find(kind.Value, request.UserText);
        if (golden is null)
        {
            problem = $"no golden case matches this {(kind?.ToString() ?? "unknown")} request for {request.Model}";
            latencyMs = 0;
            return null;
        }

        var answer = ScriptedAnswers.For(golden, request.Model);
        served[answer.Text.Trim()] = answer.Flawed;
        latencyMs = BaseLatency(request.Model) + (Math.Abs(StableHash(golden.Id)) % 200);
        return answer.Text;
    }

    private string Verdict(string judgeText)
    {
        int at = judgeText.IndexOf(OutputMarker, StringComparison.Ordinal);
        string graded = at < 0 ? judgeText : judgeText[at..];
        // The longest served answer inside the graded part is the output under review.
        var match = served.Where(s => graded.Contains(s.Key, StringComparison.Ordinal)).OrderByDescending(s => s.Key.Length).FirstOrDefault();
        bool flawed = match.Key is not null && match.Value;
        var verdict = flawed
            ? new { score = 0.3, pass = false, reason = "The output misses or contradicts part of the rubric (a lost open item, a promise, or a wrong greeting or sign-off)." }
            : new { score = 0.9, pass = true, reason = "The output meets the rubric and states only facts from the input." };
        return JsonSerializer.Serialize(verdict);
    }

    private static PromptKind? KindOf(string system) =>
        system.Contains("triage customer support tickets", StringComparison.Ordinal) ? PromptKind.Classify
        : system.Contains("Summarise the support thread", StringComparison.Ordinal) ? PromptKind.Summarise
        : system.Contains("first reply to a customer", StringComparison.Ordinal) ? PromptKind.DraftReply
        : null;

    // Bigger models answer more slowly; the figures are plausible, not measured.
    private static int BaseLatency(string model) => model switch
    {
        "gpt-4o-mini-2024-07-18" => 250,
        "gpt-4o-2024-08-06" => 350,
        "gpt-4.1-2025-04-14" => 450,
        "claude-sonnet-4-5-20250929" => 600,
        "claude-opus-4-5-20251101" => 900,
        _ => 400,
    };

    private static int StableHash(string text)
    {
        unchecked
        {
            int hash = 17;
            foreach (char c in text) hash = (hash * 31) + c;
            return hash == int.MinValue ? 0 : hash;
        }
    }
}
