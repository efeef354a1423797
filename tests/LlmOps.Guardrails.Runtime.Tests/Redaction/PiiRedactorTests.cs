using LlmOps.Guardrails.Runtime.Redaction;

namespace LlmOps.Guardrails.Runtime.Tests.Redaction;

public class PiiRedactorTests
{
    [Theory]
    [InlineData("Write to jane.doe+billing@example.co.uk today", "Write to [EMAIL] today")]
    [InlineData("cc: A_B@sub.example.org.", "cc: [EMAIL].")]
    [InlineData("Call +44 20 7946 0958 now", "Call [PHONE] now")]
    [InlineData("Call +14155552671.", "Call [PHONE].")]
    [InlineData("Office: (415) 555-2671", "Office: [PHONE]")]
    [InlineData("Office: 415-555-2671 ext", "Office: [PHONE] ext")]
    [InlineData("Office: 1-800-555-0199", "Office: [PHONE]")]
    [InlineData("US +1 (415) 555-2671 or +33 6 12 34 56 78", "US [PHONE] or [PHONE]")]
    [InlineData("Mobile 06 12 34 56 78 (FR)", "Mobile [PHONE] (FR)")]
    [InlineData("London 020 7946 0958", "London [PHONE]")]
    [InlineData("Intl 0044 20 7946 0958", "Intl [PHONE]")]
    [InlineData("Card 4111 1111 1111 1111 exp 12/27", "Card [CARD] exp 12/27")]
    [InlineData("Card 4111-1111-1111-1111", "Card [CARD]")]
    [InlineData("Card 5555555555554444.", "Card [CARD].")]
    [InlineData("Amex 378282246310005", "Amex [CARD]")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 please", "IBAN [IBAN] please")]
    [InlineData("IBAN GB82WEST12345698765432", "IBAN [IBAN]")]
    [InlineData("iban fr1420041010050500013m02606", "iban [IBAN]")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 AND more", "IBAN [IBAN] AND more")]
    public void Each_kind_is_detected(string input, string expected) => Assert.Equal(expected, PiiRedactor.Redact(input));

    [Theory]
    [InlineData("In 2024 we sold 1,234,567 units at $19.99 each.")]
    [InlineData("Order 4111111111111112 shipped")] // 16 digits, fails Luhn
    [InlineData("Ref 1234 5678 9012 3456")] // fails Luhn
    [InlineData("0000 0000 0000 0000")]
    [InlineData("Meeting on 2024-01-15 at 10:30, room 4512")]
    [InlineData("Version 1.2.3.4 build 20240115")]
    [InlineData("Population 67 000 000 in 2023")]
    [InlineData("Invoice 123456789 total 1 234,56 EUR")]
    [InlineData("DE89 3704 0044 0532 0130 01")] // IBAN with a wrong check
    [InlineData("GB00WEST12345698765432")]
    [InlineData("pi is 3.14159265358979")]
    [InlineData("user@localhost is not routable")]
    [InlineData("Dates 01.02.2024 and 03/04/2025")]
    [InlineData("ISBN 978-3-16-148410-0")]
    [InlineData("Tracking 1Z999AA10123456784, order #123456789012")]
    [InlineData("Logged at 2024-01-15 10:30:00.123 by 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("Call extension 555-1234 or room 0.5")]
    public void Ordinary_text_and_invalid_numbers_are_left_alone(string input)
    {
        Assert.Same(input, PiiRedactor.Redact(input));
        Assert.False(PiiRedactor.ContainsPii(input));
        Assert.Empty(PiiRedactor.Find(input));
    }

    [Fact]
    public void Kinds_can_be_selected()
    {
        const string text = "mail a@b.io or call +44 20 7946 0958";
        Assert.Equal("mail [EMAIL] or call +44 20 7946 0958", PiiRedactor.Redact(text, PiiKinds.Email));
        Assert.Equal("mail a@b.io or call [PHONE]", PiiRedactor.Redact(text, PiiKinds.Phone));
        Assert.Same(text, PiiRedactor.Redact(text, PiiKinds.None));
    }

    [Fact]
    public void Find_reports_positions_in_order()
    {
        const string text = "x a@b.io y 4111 1111 1111 1111";
        var matches = PiiRedactor.Find(text);
        Assert.Equal(2, matches.Count);
        Assert.Equal((PiiKinds.Email, "a@b.io"), (matches[0].Kind, text.Substring(matches[0].Index, matches[0].Length)));
        Assert.Equal((PiiKinds.PaymentCard, "4111 1111 1111 1111"), (matches[1].Kind, text.Substring(matches[1].Index, matches[1].Length)));
    }

    [Fact]
    public void Text_without_pii_is_not_copied()
    {
        var text = new string('a', 10_000);
        Assert.Same(text, PiiRedactor.Redact(text));
    }
}
