using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace ScriptedProvider;

/// <summary>
/// The golden datasets, and the lookup from a rendered prompt back to the case it was rendered from: the stand-in
/// answers from the case's expected output, so it has to recognise the case in the request text alone.
/// </summary>
internal sealed class CaseIndex
{
    private readonly List<GoldenCase> cases = new();

    public static CaseIndex Load(string datasetsFolder)
    {
        var index = new CaseIndex();
        index.Read(Path.Combine(datasetsFolder, "classify-ticket.jsonl"), PromptKind.Classify);
        index.Read(Path.Combine(datasetsFolder, "summarise-ticket.jsonl"), PromptKind.Summarise);
        index.Read(Path.Combine(datasetsFolder, "draft-reply.jsonl"), PromptKind.DraftReply);
        return index;
    }

    public int Count => cases.Count;

    /// <summary>The case whose variables the user message was rendered from, or null.</summary>
    public GoldenCase? Find(PromptKind kind, string userText)
    {
        string text = userText.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        // Several short bodies ("help") occur inside longer ones, so the most specific match wins.
        return cases
            .Where(c => c.Kind == kind && Matches(c, text))
            .OrderByDescending(c => c.Vars.Values.Sum(v => v.Length))
            .FirstOrDefault();
    }

    private static bool Matches(GoldenCase c, string text) => c.Kind switch
    {
        PromptKind.Classify => text.StartsWith("Subject: " + c.Vars["subject"] + "\n", StringComparison.Ordinal)
            && text.Contains(c.Vars["body"].Trim(), StringComparison.Ordinal),
        PromptKind.Summarise => text == c.Vars["thread"].Trim(),
        PromptKind.DraftReply => text.Contains("Customer name: " + c.Vars["customer_name"] + "\n", StringComparison.Ordinal)
            && text.Contains("Summary: " + c.Vars["summary"], StringComparison.Ordinal),
        _ => false,
    };

    private void Read(string path, PromptKind kind)
    {
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var vars = root.GetProperty("vars").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
            var expected = root.GetProperty("expected");
            string expectedText = expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText();
            cases.Add(new GoldenCase(kind, root.GetProperty("id").GetString()!, vars, expectedText));
        }
    }
}
