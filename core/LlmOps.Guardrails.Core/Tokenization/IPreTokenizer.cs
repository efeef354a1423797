using System;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>Splits text into the pieces BPE runs on. Implemented by structs so the hot loop is specialised per pattern.</summary>
internal interface IPreTokenizer
{
    /// <summary>End (exclusive) of the piece that starts at <paramref name="start"/> (which is inside the text).</summary>
    int NextPieceEnd(ReadOnlySpan<char> text, int start);
}
