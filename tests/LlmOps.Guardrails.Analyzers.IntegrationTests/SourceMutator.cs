using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.IntegrationTests;

/// <summary>
/// Turns a valid source into the half-typed states an editor shows while someone types: tokens deleted,
/// doubled or interrupted by a stray <c>(</c>, <c>.</c>, <c>"</c> or <c>=</c>, or the file cut short.
/// Seeded, so a failing variant can be reproduced from its number.
/// </summary>
internal static class SourceMutator
{
    private static readonly string[] Inserts = ["(", ")", ".", "\"", "=", "{", "}", ";", ",", "new ", "await ", "$\"", "@\"", "\"\"\"", "/*", "[", "?", "=>", "0x", "'"];

    public static string Mutate(string source, int seed)
    {
        var random = new Random(seed);
        var edits = 1 + random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            source = MutateOnce(source, random);
        }
        return source;
    }

    private static readonly string[] TextInserts = [":", "- ", " ", "\t", "\n", "[", "]", "{", "'", "\"", "#", ",", "\u00e9", "\0", "  - id:", "max_output_tokens: -1", "retires: 2026-02-30"];

    /// <summary>Character-level damage for a YAML file the analyzers read: cut text, broken lines, stray punctuation.</summary>
    public static string MutateText(string text, int seed)
    {
        var random = new Random(seed);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits && text.Length > 0; i++)
        {
            var at = random.Next(text.Length);
            text = random.Next(4) switch
            {
                0 => text.Remove(at, Math.Min(1 + random.Next(12), text.Length - at)),
                1 => text[..at],
                _ => text.Insert(at, TextInserts[random.Next(TextInserts.Length)]),
            };
        }
        return text;
    }

    private static string MutateOnce(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens(descendIntoTrivia: false)
            .Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            return source + Inserts[random.Next(Inserts.Length)];
        }

        var token = tokens[random.Next(tokens.Count)];
        var text = SourceText.From(source);
        var change = random.Next(10) switch
        {
            < 4 => new TextChange(token.Span, ""),                                      // delete a token
            < 6 => new TextChange(new TextSpan(token.Span.End, 0), token.Text),         // duplicate it
            < 9 => new TextChange(new TextSpan(random.Next(2) == 0 ? token.SpanStart : token.Span.End, 0), Inserts[random.Next(Inserts.Length)]),
            _ => new TextChange(new TextSpan(token.Span.End, source.Length - token.Span.End), ""), // stop typing mid-file
        };
        return text.WithChanges(change).ToString();
    }
}
