using System;

namespace LlmOps.Guardrails.Runtime.Redaction;

/// <summary>Settings of <see cref="PiiRedactingChatClient"/>.</summary>
public sealed class PiiRedactionOptions
{
    /// <summary>What to redact. Default <see cref="PiiKinds.All"/>.</summary>
    public PiiKinds Kinds { get; set; } = PiiKinds.All;

    /// <summary>
    /// The placeholder, a composite format: <c>{0}</c> is the label (EMAIL, PHONE, CARD, IBAN), <c>{1}</c> the 1-based
    /// number of the distinct value of that kind within the call. Default <c>"[{0}_{1}]"</c>, e.g. <c>[EMAIL_1]</c>.
    /// It must contain <c>{1}</c> (placeholders have to be unique to be restored) and should be text a model copies verbatim.
    /// </summary>
    public string PlaceholderFormat { get; set; } = "[{0}_{1}]";

    /// <summary>Put the originals back into the response (text, streaming text and function-call arguments). Default true.</summary>
    public bool RestoreResponses { get; set; } = true;

    internal void Validate()
    {
        if (PlaceholderFormat is null || PlaceholderFormat.IndexOf("{1", StringComparison.Ordinal) < 0)
        {
            throw new ArgumentException("PiiRedactionOptions.PlaceholderFormat must contain {1} so that each placeholder is unique.", nameof(PlaceholderFormat));
        }
    }
}
