using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace LlmOps.Guardrails.Analyzers.Tests.Harness;

/// <summary>An expected diagnostic: its span in the clean source and, for {|LLM00x:...|}, its id.</summary>
public readonly record struct ExpectedSpan(TextSpan Span, string? Id);

/// <summary>Parses [|...|] and {|ID:...|} markup out of a test source.</summary>
public static class Markup
{
    public static (string Source, List<ExpectedSpan> Spans) Parse(string markup)
    {
        var text = new StringBuilder();
        var spans = new List<ExpectedSpan>();
        var open = new Stack<(int Start, string? Id)>();
        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((text.Length, null));
                i++;
            }
            else if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|' && markup.IndexOf(':', i) is var colon && colon > i)
            {
                open.Push((text.Length, markup.Substring(i + 2, colon - i - 2)));
                i = colon;
            }
            else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
            {
                var (start, id) = open.Pop();
                spans.Add(new ExpectedSpan(TextSpan.FromBounds(start, text.Length), id));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count != 0)
        {
            throw new InvalidOperationException("Unbalanced markup.");
        }

        return (text.ToString(), spans);
    }

    private static bool Starts(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
