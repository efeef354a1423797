using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Runtime.Redaction;

/// <summary>
/// Finds and masks personal data in text: e-mail addresses, phone numbers, payment card numbers (Luhn-checked) and
/// IBANs (mod-97-checked). Detection is conservative: ordinary numbers (years, prices, dates, order numbers, a
/// 16-digit number that fails Luhn) are left alone, at the price of missing unseparated national phone numbers.
/// Text with no '@' and fewer than 8 digits is answered without running a regex and without allocating.
/// Use <see cref="Redact(string?, PiiKinds)"/> before content is recorded (telemetry, logs); the reversible, per-call
/// form is <see cref="PiiRedactingChatClient"/>.
/// </summary>
public static class PiiRedactor
{
    private const RegexOptions Options = RegexOptions.Compiled | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private static readonly Regex EmailRegex = new(
        @"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])",
        Options, Timeout);

    private static readonly Regex IbanRegex = new(
        @"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)(?![A-Za-z0-9])",
        Options, Timeout);

    private static readonly Regex CardRegex = new(
        @"(?<![A-Za-z0-9+.,-])[0-9](?:[ -]?[0-9]){12,18}(?![A-Za-z0-9]|[.,-][0-9])",
        Options, Timeout);

    // A run of digits and phone separators; which runs are phone numbers is decided in code (IsPhone).
    private static readonly Regex PhoneRegex = new(
        @"(?<![A-Za-z0-9+.,/-])(?:\+|\()?[0-9][0-9 ().-]{6,22}[0-9](?![A-Za-z0-9]|[.,/-][0-9])",
        Options, Timeout);

    private static readonly Regex NorthAmericanRegex = new(
        @"^(?:1[ .-]?)?(?:\([2-9][0-9]{2}\) ?|[2-9][0-9]{2}[ .-])[2-9][0-9]{2}[ .-][0-9]{4}$",
        Options, Timeout);

    /// <summary>The placeholder label of a single kind: EMAIL, PHONE, CARD, IBAN.</summary>
    public static string Label(PiiKinds kind) => kind switch
    {
        PiiKinds.Email => "EMAIL",
        PiiKinds.Phone => "PHONE",
        PiiKinds.PaymentCard => "CARD",
        PiiKinds.Iban => "IBAN",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A single PII kind is expected."),
    };

    /// <summary>True when <paramref name="text"/> holds personal data of the given kinds.</summary>
    public static bool ContainsPii(string? text, PiiKinds kinds = PiiKinds.All)
    {
        List<PiiMatch>? matches = null;
        return text is not null && Scan(text, kinds, ref matches, stopAtFirst: true);
    }

    /// <summary>The personal data in <paramref name="text"/>, in order, non-overlapping.</summary>
    public static IReadOnlyList<PiiMatch> Find(string? text, PiiKinds kinds = PiiKinds.All)
    {
        List<PiiMatch>? matches = null;
        if (text is null || !Scan(text, kinds, ref matches, stopAtFirst: false))
        {
            return Array.Empty<PiiMatch>();
        }

        return matches!;
    }

    /// <summary>
    /// <paramref name="text"/> with each piece of personal data replaced by <c>[LABEL]</c> (irreversible; for telemetry
    /// and logs). Returns the same instance when there is nothing to redact.
    /// </summary>
    public static string Redact(string? text, PiiKinds kinds = PiiKinds.All)
    {
        if (text is null)
        {
            return string.Empty;
        }

        List<PiiMatch>? matches = null;
        if (!Scan(text, kinds, ref matches, stopAtFirst: false))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches!)
        {
            builder.Append(text, at, match.Index - at).Append('[').Append(Label(match.Kind)).Append(']');
            at = match.Index + match.Length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Fills <paramref name="matches"/> (sorted, non-overlapping); false when nothing was found.</summary>
    internal static bool Scan(string text, PiiKinds kinds, ref List<PiiMatch>? matches, bool stopAtFirst)
    {
        if (kinds == PiiKinds.None || text.Length < 6)
        {
            return false;
        }

        var hasAt = false;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '@')
            {
                hasAt = true;
            }
            else if (c >= '0' && c <= '9')
            {
                digits++;
            }
        }

        var found = false;

        // Priority on overlap: e-mail, IBAN, card, phone (each later kind skips what an earlier one took).
        if (hasAt && (kinds & PiiKinds.Email) != 0)
        {
            for (var m = EmailRegex.Match(text); m.Success; m = m.NextMatch())
            {
                found |= Add(ref matches, new PiiMatch(PiiKinds.Email, m.Index, m.Length));
                if (found && stopAtFirst)
                {
                    return true;
                }
            }
        }

        if (digits >= 8)
        {
            if ((kinds & PiiKinds.Iban) != 0)
            {
                for (var m = IbanRegex.Match(text); m.Success; m = m.NextMatch())
                {
                    var length = ValidIbanLength(m.Value);
                    if (length > 0 && Add(ref matches, new PiiMatch(PiiKinds.Iban, m.Index, length)))
                    {
                        found = true;
                        if (stopAtFirst)
                        {
                            return true;
                        }
                    }
                }
            }

            if (digits >= 13 && (kinds & PiiKinds.PaymentCard) != 0)
            {
                for (var m = CardRegex.Match(text); m.Success; m = m.NextMatch())
                {
                    if (IsCard(m.Value) && Add(ref matches, new PiiMatch(PiiKinds.PaymentCard, m.Index, m.Length)))
                    {
                        found = true;
                        if (stopAtFirst)
                        {
                            return true;
                        }
                    }
                }
            }

            if ((kinds & PiiKinds.Phone) != 0)
            {
                for (var m = PhoneRegex.Match(text); m.Success; m = m.NextMatch())
                {
                    if (IsPhone(m.Value) && Add(ref matches, new PiiMatch(PiiKinds.Phone, m.Index, m.Length)))
                    {
                        found = true;
                        if (stopAtFirst)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return found;
    }

    private static bool Add(ref List<PiiMatch>? matches, PiiMatch match)
    {
        matches ??= new List<PiiMatch>(4);
        var insertAt = matches.Count;
        for (var i = 0; i < matches.Count; i++)
        {
            var other = matches[i];
            if (match.Index < other.Index + other.Length && other.Index < match.Index + match.Length)
            {
                return false; // overlaps a match of a higher-priority kind
            }

            if (other.Index > match.Index && insertAt == matches.Count)
            {
                insertAt = i;
            }
        }

        matches.Insert(insertAt, match);
        return true;
    }

    /// <summary>Luhn over the digits of a 13–19 digit candidate; separators must be single and of one kind.</summary>
    internal static bool IsCard(string candidate)
    {
        var digits = 0;
        char separator = '\0';
        foreach (var c in candidate)
        {
            if (c >= '0' && c <= '9')
            {
                digits++;
            }
            else if (separator == '\0')
            {
                separator = c;
            }
            else if (c != separator)
            {
                return false;
            }
        }

        if (digits < 13 || digits > 19 || !PlausibleIssuer(candidate, digits))
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        var allSame = true;
        var first = '\0';
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c < '0' || c > '9')
            {
                continue;
            }

            if (first == '\0')
            {
                first = c;
            }
            else if (c != first)
            {
                allSame = false;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0 && !allSame; // 0000 0000 0000 0000 passes Luhn but is a placeholder, not a card
    }

    /// <summary>Issuer prefixes and lengths of the networks in use (Visa, Mastercard, Amex, Diners, JCB, Discover, UnionPay, Maestro).</summary>
    private static bool PlausibleIssuer(string candidate, int digits)
    {
        var first = -1;
        var second = -1;
        foreach (var c in candidate)
        {
            if (c >= '0' && c <= '9')
            {
                if (first < 0)
                {
                    first = c - '0';
                }
                else
                {
                    second = c - '0';
                    break;
                }
            }
        }

        return first switch
        {
            4 => digits is 13 or 16 or 19,
            2 => digits == 16,
            5 => digits >= 16,
            6 => digits >= 16,
            3 when second is 4 or 7 => digits == 15,
            3 when second == 5 => digits >= 16,
            3 when second is 0 or 6 or 8 or 9 => digits >= 14,
            _ => false,
        };
    }

    /// <summary>The length of the valid IBAN at the start of <paramref name="candidate"/> (dropping trailing groups that are not part of it), or 0.</summary>
    internal static int ValidIbanLength(string candidate)
    {
        var length = candidate.Length;
        while (true)
        {
            if (IsIban(candidate, length))
            {
                return length;
            }

            var space = candidate.LastIndexOf(' ', length - 1);
            if (space < 4)
            {
                return 0;
            }

            length = space;
        }
    }

    private static bool IsIban(string text, int length)
    {
        var compactLength = 0;
        for (var i = 0; i < length; i++)
        {
            if (text[i] != ' ')
            {
                compactLength++;
            }
        }

        if (compactLength < 15 || compactLength > 34)
        {
            return false;
        }

        // ISO 7064 mod 97-10: move the first four characters to the end, letters as 10..35, remainder must be 1.
        var remainder = 0;
        var seen = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            seen = 0;
            for (var i = 0; i < length; i++)
            {
                var c = text[i];
                if (c == ' ')
                {
                    continue;
                }

                var inHead = seen < 4;
                seen++;
                if (inHead != (pass == 1))
                {
                    continue;
                }

                c = char.ToUpperInvariant(c);
                if (c >= '0' && c <= '9')
                {
                    remainder = ((remainder * 10) + (c - '0')) % 97;
                }
                else if (c >= 'A' && c <= 'Z')
                {
                    remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
                }
                else
                {
                    return false;
                }
            }
        }

        return remainder == 1;
    }

    internal static bool IsPhone(string candidate)
    {
        var digits = 0;
        var separators = 0;
        var previousWasSeparator = false;
        var opens = 0;
        var closes = 0;
        foreach (var c in candidate)
        {
            if (c >= '0' && c <= '9')
            {
                digits++;
                previousWasSeparator = false;
                continue;
            }

            if (c == '(')
            {
                opens++;
            }
            else if (c == ')')
            {
                closes++;
            }
            else if (c != '+')
            {
                if (previousWasSeparator)
                {
                    return false; // "1 - 2", "1..2": prose or arithmetic, not a number as people write phones
                }

                previousWasSeparator = true;
            }

            separators++;
        }

        if (opens != closes || opens > 1 || AllSameDigit(candidate))
        {
            return false;
        }

        if (candidate[0] == '+')
        {
            return digits >= 8 && digits <= 15;
        }

        if (separators == 0)
        {
            return false; // unseparated digit strings are ids and amounts more often than phone numbers
        }

        if (candidate[0] == '0')
        {
            // "00" is the international prefix; otherwise a trunk 0 and a 9–11 digit national number.
            if (candidate.Length > 2 && candidate[1] == '0')
            {
                return candidate[2] is >= '1' and <= '9' && digits >= 10 && digits <= 17; // country codes never start with 0
            }

            return digits >= 9 && digits <= 11 && !LooksLikeDate(candidate);
        }

        return NorthAmericanRegex.IsMatch(candidate);
    }

    private static bool AllSameDigit(string candidate)
    {
        var first = '\0';
        foreach (var c in candidate)
        {
            if (c >= '0' && c <= '9')
            {
                if (first == '\0')
                {
                    first = c;
                }
                else if (c != first)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool LooksLikeDate(string candidate)
    {
        // 01.02.2024 / 01-02-2024 / 01/02/2024 12:30 style: two-digit groups followed by a four-digit year.
        var groups = candidate.Split(' ', '.', '-', '/');
        return groups.Length == 3 && groups[0].Length <= 2 && groups[1].Length <= 2 && groups[2].Length == 4;
    }
}
