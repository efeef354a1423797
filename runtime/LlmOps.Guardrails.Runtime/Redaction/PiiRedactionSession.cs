using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmOps.Guardrails.Runtime.Redaction;

/// <summary>
/// The reversible mapping of one call: originals to placeholders and back. It lives only for the call that created
/// it (a local of <see cref="PiiRedactingChatClient"/>): never logged, never stored, never attached to a response.
/// </summary>
internal sealed class PiiRedactionSession
{
    private readonly PiiKinds kinds;
    private readonly string format;
    private Dictionary<string, string>? toPlaceholder;
    private List<KeyValuePair<string, string>>? placeholders; // placeholder → original, longest placeholder first
    private int[]? counters;

    public PiiRedactionSession(PiiKinds kinds, string format)
    {
        this.kinds = kinds;
        this.format = format;
    }

    public bool HasMappings => placeholders is { Count: > 0 };

    public int MaxPlaceholderLength { get; private set; }

    /// <summary>How many distinct values of each kind this call redacted ("email", "phone", "payment_card", "iban"); never the values.</summary>
    public IReadOnlyDictionary<string, int>? CountsByKind()
    {
        if (counters is null)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        string[] names = { "email", "phone", "payment_card", "iban" };
        for (var slot = 0; slot < names.Length; slot++)
        {
            if (counters[slot] > 0)
            {
                counts[names[slot]] = counters[slot];
            }
        }

        return counts;
    }

    /// <summary>Text with personal data replaced by numbered placeholders; the same instance when there is none.</summary>
    public string Redact(string text)
    {
        List<PiiMatch>? matches = null;
        if (!PiiRedactor.Scan(text, kinds, ref matches, stopAtFirst: false))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var at = 0;
        foreach (var match in matches!)
        {
            builder.Append(text, at, match.Index - at).Append(PlaceholderFor(match.Kind, text.Substring(match.Index, match.Length)));
            at = match.Index + match.Length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Text with every placeholder of this call replaced by its original; the same instance when there is none.</summary>
    public string Restore(string text)
    {
        if (placeholders is null || text.Length == 0)
        {
            return text;
        }

        foreach (var pair in placeholders)
        {
            if (text.IndexOf(pair.Key, StringComparison.Ordinal) >= 0)
            {
                text = text.Replace(pair.Key, pair.Value);
            }
        }

        return text;
    }

    /// <summary>The start of the shortest suffix of <paramref name="text"/> that could be the beginning of a placeholder, or text.Length.</summary>
    public int HoldBackFrom(string text)
    {
        if (placeholders is null)
        {
            return text.Length;
        }

        var from = Math.Max(0, text.Length - (MaxPlaceholderLength - 1));
        for (var i = from; i < text.Length; i++)
        {
            var tail = text.Length - i;
            foreach (var pair in placeholders)
            {
                if (pair.Key.Length > tail && string.CompareOrdinal(pair.Key, 0, text, i, tail) == 0)
                {
                    return i;
                }
            }
        }

        return text.Length;
    }

    private string PlaceholderFor(PiiKinds kind, string original)
    {
        toPlaceholder ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (toPlaceholder.TryGetValue(original, out var existing))
        {
            return existing;
        }

        counters ??= new int[4];
        var slot = kind switch
        {
            PiiKinds.Email => 0,
            PiiKinds.Phone => 1,
            PiiKinds.PaymentCard => 2,
            _ => 3,
        };
        var placeholder = string.Format(CultureInfo.InvariantCulture, format, PiiRedactor.Label(kind), ++counters[slot]);
        toPlaceholder[original] = placeholder;
        placeholders ??= new List<KeyValuePair<string, string>>();
        placeholders.Add(new KeyValuePair<string, string>(placeholder, original));
        placeholders.Sort(static (a, b) => b.Key.Length.CompareTo(a.Key.Length));
        MaxPlaceholderLength = Math.Max(MaxPlaceholderLength, placeholder.Length);
        return placeholder;
    }
}
