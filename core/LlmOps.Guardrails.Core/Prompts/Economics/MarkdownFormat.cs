using System;
using System.Globalization;
using System.Text;

namespace LlmOps.Guardrails.Core.Prompts.Economics;

/// <summary>Number, money and text formatting for the Markdown cost report (invariant culture throughout).</summary>
internal static class MarkdownFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A per-call (or per-1k) amount: two decimals from $1 up (with thousands separators), three significant digits
    /// below ($0.00253, $0.000253), "$0" for zero.
    /// </summary>
    public static string Money(decimal value)
    {
        var sign = value < 0 ? "-" : string.Empty;
        var abs = Math.Abs(value);
        if (abs == 0m)
        {
            return "$0";
        }

        if (abs >= 1m)
        {
            return sign + "$" + Math.Round(abs, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", Invariant);
        }

        // Three significant digits: the position of the first non-zero digit decides the decimals.
        var decimals = 3;
        for (var probe = abs; probe < 0.1m && decimals < 27; probe *= 10m)
        {
            decimals++;
        }

        var rounded = Math.Round(abs, decimals, MidpointRounding.AwayFromZero);
        return sign + "$" + rounded.ToString("0." + new string('#', decimals), Invariant);
    }

    /// <summary>A monthly amount: whole dollars with thousands separators from $100 up, cents below.</summary>
    public static string Monthly(decimal value)
    {
        var sign = value < 0 ? "-" : string.Empty;
        var abs = Math.Abs(value);
        if (abs >= 100m)
        {
            return sign + "$" + Math.Round(abs, 0, MidpointRounding.AwayFromZero).ToString("#,0", Invariant);
        }

        if (abs == 0m)
        {
            return "$0";
        }

        if (abs >= 1m)
        {
            return sign + "$" + Math.Round(abs, 2, MidpointRounding.AwayFromZero).ToString("0.00", Invariant);
        }

        return sign + Money(abs);
    }

    public static string Integer(long value) => value.ToString("#,0", Invariant);

    /// <summary>A signed percentage with one decimal: +18.4%, -3.0%, 0.0%.</summary>
    public static string Percent(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        if (rounded == 0)
        {
            return "0.0%";
        }

        return (rounded > 0 ? "+" : "-") + Math.Abs(rounded).ToString("#,0.0", Invariant) + "%";
    }

    /// <summary>A ratio with three significant digits, no exponent: 16.7, 0.06, 1.25, 250.</summary>
    public static string Ratio(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
        {
            return "?";
        }

        var magnitude = (int)Math.Floor(Math.Log10(value));
        var decimals = Math.Max(0, Math.Min(15, 2 - magnitude));
        return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', Math.Max(1, decimals)), Invariant);
    }

    /// <summary>Text made safe for a Markdown table cell: inline markup, HTML and pipes escaped, line breaks flattened.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text!.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                case '`':
                case '*':
                case '_':
                case '[':
                case ']':
                case '|':
                case '~':
                case '#':
                case '!':
                case '$':
                    builder.Append('\\').Append(c);
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '&':
                    builder.Append("&amp;");
                    break;
                case '\r':
                case '\n':
                case '\t':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(char.IsControl(c) ? ' ' : c);
                    break;
            }
        }

        return builder.ToString();
    }
}
