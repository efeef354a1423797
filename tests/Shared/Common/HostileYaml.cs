using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LlmOps.Guardrails.Tests.Shared;

/// <summary>
/// YAML that every reader of the product must refuse with one positioned diagnostic: nesting past the depth limit,
/// a document past the node limit, an alias bomb, a tab used to indent, an unclosed quote. The positions are worked
/// out by hand in each case's comment, so a test fails when the shared YAML layer points anywhere else.
/// </summary>
public static class HostileYaml
{
    /// <summary>One hostile document, where it must be reported, and a word the message must hold.</summary>
    public sealed record Case(string Name, string Text, int Line, int Column, string MessagePart)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// 65 nested flow lists under a key. The root mapping is level 0 and the n-th '[' (column 6 + n) is level n, so the
    /// 64th, at column 70, is one level too deep.
    /// </summary>
    public static readonly Case DeepNesting = new(
        "deep nesting", "deep: " + new string('[', 65) + new string(']', 65) + "\n", 1, 70, "64 levels");

    /// <summary>
    /// A flat list of 100,000 numbers. The mapping, its key and the list are nodes 1 to 3, so item k is node k + 3 and
    /// item 99,998 (column 9 + 2 * 99,997 = 200,003) is node 100,001.
    /// </summary>
    public static readonly Case LargeDocument = new(
        "100,001 nodes", "large: [" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]\n", 1, 200_003, "100,000");

    /// <summary>
    /// "Billion laughs": nine levels of ten aliases each. Keys a to d and their lists add up to 12,349 nodes; e and its
    /// list make 12,351, and each '*d' adds d's 11,111, so the 8th '*d' on line 5 (column 8 + 7 * 3 = 29) passes 100,000.
    /// </summary>
    public static readonly Case AliasBomb = new("alias bomb", BillionLaughs(), 5, 29, "100,000");

    /// <summary>A tab before the third line's key; YamlDotNet stops at the mapping on line 1, the diagnostic points at the tab.</summary>
    public static readonly Case TabIndent = new("tab indentation", "outer:\n  inner: 1\n\t  other: 2\n", 3, 1, "tab");

    /// <summary>A double quote opened on line 2 and never closed; reported where the quoted text starts.</summary>
    public static readonly Case UnclosedQuote = new("unclosed quote", "first: 1\nsecond: \"open\nthird: 3\n", 2, 9, "quoted scalar");

    public static IReadOnlyList<Case> All { get; } = new[] { DeepNesting, LargeDocument, AliasBomb, TabIndent, UnclosedQuote };

    private static string BillionLaughs()
    {
        var text = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append(level).Append(": &").Append(level).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + previous, 10)))
                .Append("]\n");
        }

        return text.ToString();
    }
}
