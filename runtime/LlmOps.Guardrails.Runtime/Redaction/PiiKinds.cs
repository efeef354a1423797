using System;

namespace LlmOps.Guardrails.Runtime.Redaction;

/// <summary>The kinds of personal data <see cref="PiiRedactor"/> recognises.</summary>
[Flags]
public enum PiiKinds
{
    None = 0,

    /// <summary>E-mail addresses. Label <c>EMAIL</c>.</summary>
    Email = 1,

    /// <summary>Phone numbers: E.164 / international (<c>+</c> then 8–15 digits, separators allowed), North American <c>(555) 123-4567</c> / <c>555-123-4567</c>, and national numbers with a trunk 0 and separators (<c>020 7946 0958</c>, <c>06 12 34 56 78</c>). Label <c>PHONE</c>.</summary>
    Phone = 2,

    /// <summary>Payment card numbers: 13–19 digits, optional single spaces or dashes, Luhn-valid. Label <c>CARD</c>.</summary>
    PaymentCard = 4,

    /// <summary>IBANs: country code, check digits, 11–30 alphanumerics (optionally grouped by spaces), ISO 7064 mod-97 valid. Label <c>IBAN</c>.</summary>
    Iban = 8,

    All = Email | Phone | PaymentCard | Iban,
}

/// <summary>One piece of personal data found in a text.</summary>
public readonly struct PiiMatch
{
    public PiiMatch(PiiKinds kind, int index, int length)
    {
        Kind = kind;
        Index = index;
        Length = length;
    }

    public PiiKinds Kind { get; }

    public int Index { get; }

    public int Length { get; }
}
