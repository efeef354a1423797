using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmOps.Guardrails.Core.Prompts.Economics;

/// <summary>
/// A small, deterministic JSON writer: 2-space indentation, LF line endings, invariant culture, decimals written
/// exactly (never an exponent), strings escaped minimally (non-ASCII kept as UTF-8 text so diffs stay readable).
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _out = new();
    private readonly Stack<bool> _first = new();
    private int _depth;
    private bool _afterName;

    public JsonText BeginObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText BeginArray() => Open('[');

    public JsonText EndArray() => Close(']');

    public JsonText Name(string name)
    {
        Separate();
        WriteString(_out, name);
        _out.Append(": ");
        _afterName = true;
        return this;
    }

    public JsonText String(string? value) => Raw(value is null ? "null" : Quote(value));

    public JsonText Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public JsonText Number(long? value) => value is { } v ? Number(v) : Null();

    public JsonText Number(decimal? value) => value is { } v ? Raw(FormatDecimal(v)) : Null();

    /// <summary>A double, rounded to <paramref name="decimals"/> places; null for null, NaN and infinities.</summary>
    public JsonText Number(double? value, int decimals)
    {
        if (value is not { } v || double.IsNaN(v) || double.IsInfinity(v) || Math.Abs(v) > 1e15)
        {
            return Null();
        }

        return Raw(FormatDecimal(Math.Round((decimal)v, decimals, MidpointRounding.AwayFromZero)));
    }

    public JsonText Bool(bool value) => Raw(value ? "true" : "false");

    public JsonText Date(DateTime? value) =>
        value is { } v ? Raw(Quote(v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) : Null();

    public JsonText Null() => Raw("null");

    public JsonText Property(string name, string? value) => Name(name).String(value);

    public JsonText Property(string name, long value) => Name(name).Number(value);

    public JsonText Property(string name, long? value) => Name(name).Number(value);

    public JsonText Property(string name, decimal? value) => Name(name).Number(value);

    public JsonText Property(string name, bool value) => Name(name).Bool(value);

    /// <summary>The document, with a trailing LF.</summary>
    public override string ToString() => _out.ToString() + "\n";

    /// <summary>A decimal in plain notation with no trailing zeros: 0.00253, 12, -0.5.</summary>
    public static string FormatDecimal(decimal value) =>
        value.ToString("0.############################", CultureInfo.InvariantCulture);

    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        WriteString(builder, value);
        return builder.ToString();
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || IsLoneSurrogate(value, i))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                        if (char.IsHighSurrogate(c))
                        {
                            builder.Append(value[++i]);
                        }
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static bool IsLoneSurrogate(string value, int i)
    {
        var c = value[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]);
        }

        return char.IsLowSurrogate(c);
    }

    private JsonText Open(char bracket)
    {
        Separate();
        _out.Append(bracket);
        _first.Push(true);
        _depth++;
        return this;
    }

    private JsonText Close(char bracket)
    {
        var empty = _first.Pop();
        _depth--;
        if (!empty)
        {
            NewLine();
        }

        _out.Append(bracket);
        return this;
    }

    private JsonText Raw(string text)
    {
        Separate();
        _out.Append(text);
        return this;
    }

    // Puts the comma and line break before a value or a property name, unless the value follows its name.
    private void Separate()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_first.Count == 0)
        {
            return;
        }

        if (!_first.Pop())
        {
            _out.Append(',');
        }

        _first.Push(false);
        NewLine();
    }

    private void NewLine()
    {
        _out.Append('\n');
        _out.Append(' ', _depth * 2);
    }
}
