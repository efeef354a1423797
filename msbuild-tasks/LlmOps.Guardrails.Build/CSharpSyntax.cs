using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmOps.Guardrails.Build;

/// <summary>Identifiers and literals for generated C#: every value from a prompt file goes through here.</summary>
internal static class CSharpSyntax
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary><c>support.classify</c>, <c>support-classify</c>, <c>support_classify</c> → <c>SupportClassify</c>.</summary>
    public static string PascalCase(string text) => Join(Words(text), upperFirstWord: true, fallback: "Prompt");

    /// <summary><c>customer_name</c> → <c>customerName</c>; a keyword comes back escaped (<c>@class</c>).</summary>
    public static string CamelCaseParameter(string text) => EscapeKeyword(Join(Words(text), upperFirstWord: false, fallback: "value"));

    public static string EscapeKeyword(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>Strips the <c>@</c> of an escaped keyword, for comparisons between names.</summary>
    public static string Bare(string identifier) => identifier.StartsWith("@", StringComparison.Ordinal) ? identifier.Substring(1) : identifier;

    /// <summary>A dotted namespace made of valid identifiers; empty stays empty (global namespace).</summary>
    public static string Namespace(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var parts = new List<string>();
        foreach (var part in text!.Split('.'))
        {
            var words = Words(part);
            if (words.Count == 0)
            {
                continue;
            }

            // Keep the user's casing within a segment; only remove characters C# does not allow.
            var segment = new StringBuilder();
            foreach (var ch in part)
            {
                if (IsIdentifierPart(ch))
                {
                    segment.Append(ch);
                }
            }

            var name = segment.ToString();
            if (name.Length > 0 && !IsIdentifierStart(name[0]))
            {
                name = "_" + name;
            }

            parts.Add(EscapeKeyword(name));
        }

        return string.Join(".", parts);
    }

    /// <summary>A regular C# string literal (quotes included) that reads back as exactly <paramref name="value"/>.</summary>
    public static string StringLiteral(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var ch = value[i];
            switch (ch)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(ch).Append(value[i + 1]);
                        i++;
                    }
                    else if (NeedsEscape(ch))
                    {
                        builder.Append("\\u").Append(((int)ch).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(ch);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    /// <summary>A double literal that round-trips (<c>0.2d</c>, <c>1E-05d</c>).</summary>
    public static string DoubleLiteral(double value) => value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>A float literal for Microsoft.Extensions.AI's float options.</summary>
    public static string FloatLiteral(double value) => ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";

    public static string IntLiteral(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Text for a <c>///</c> comment: XML-escaped, on one line.</summary>
    public static string XmlDocText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '\r':
                case '\n':
                case '\u0085':
                case '\u2028':
                case '\u2029':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(char.IsControl(ch) || char.IsSurrogate(ch) ? ' ' : ch);
                    break;
            }
        }

        return builder.ToString().Trim();
    }

    private static bool NeedsEscape(char ch)
    {
        if (ch < 0x20 || ch == 0x7F)
        {
            return true;
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(ch))
        {
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.OtherNotAssigned:
                return true;
            default:
                // U+0085 (next line) ends a line in C# source.
                return ch == '\u0085';
        }
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsLetterOrDigit(ch))
            {
                // camelCase input keeps its word boundaries: "ticketId" → "ticket", "Id".
                if (current.Length > 0 && char.IsUpper(ch) && char.IsLower(text[i - 1]))
                {
                    words.Add(current.ToString());
                    current.Clear();
                }

                current.Append(ch);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string Join(List<string> words, bool upperFirstWord, string fallback)
    {
        if (words.Count == 0)
        {
            return fallback;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (i == 0 && !upperFirstWord)
            {
                builder.Append(char.ToLowerInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
        }

        var result = builder.ToString();
        return IsIdentifierStart(result[0]) ? result : "_" + result;
    }

    private static bool IsIdentifierStart(char ch) => char.IsLetter(ch) || ch == '_';

    private static bool IsIdentifierPart(char ch) => char.IsLetterOrDigit(ch) || ch == '_';
}
