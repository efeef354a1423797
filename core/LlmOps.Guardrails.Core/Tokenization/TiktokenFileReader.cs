using System;
using System.IO;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Parses the <c>.tiktoken</c> format (one "base64-token SPACE rank" line per token) straight from bytes:
/// no strings, no per-line allocations, so loading stays a few tens of milliseconds.
/// </summary>
internal static class TiktokenFileReader
{
    /// <exception cref="InvalidDataException">The content is not a rank table with ranks 0 .. <paramref name="expectedCount"/>-1.</exception>
    public static RankTable Read(byte[] file, int expectedCount, string description)
    {
        // Base64 never expands, so the file size bounds the decoded bytes.
        var bytes = new byte[(file.Length * 3 / 4) + RankTable.KeyPadding];
        var offsets = new int[expectedCount + 1];
        var starts = new int[expectedCount];
        var lengths = new int[expectedCount];
        for (var i = 0; i < expectedCount; i++)
        {
            starts[i] = -1;
        }

        var written = 0;
        var position = 0;
        var line = 0;
        while (position < file.Length)
        {
            line++;
            var tokenStart = written;
            position = DecodeBase64Until(file, position, (byte)' ', bytes, ref written, description, line);
            var rank = 0;
            var digits = 0;
            while (position < file.Length && file[position] != (byte)'\n')
            {
                var digit = file[position++] - '0';
                if ((uint)digit > 9 || digits > 9)
                {
                    throw Malformed(description, line);
                }

                rank = (rank * 10) + digit;
                digits++;
            }

            position++; // '\n' (or past the end on a last line without one)
            if (digits == 0 || rank >= expectedCount || starts[rank] >= 0 || written == tokenStart)
            {
                throw Malformed(description, line);
            }

            starts[rank] = tokenStart;
            lengths[rank] = written - tokenStart;
        }

        if (line != expectedCount)
        {
            throw new InvalidDataException($"The embedded {description} has {line} ranks; {expectedCount} were expected.");
        }

        // The published files list tokens in rank order, so one copy trims the buffer; any order is accepted.
        var inOrder = starts[0] == 0;
        for (var rank = 1; rank < expectedCount && inOrder; rank++)
        {
            inOrder = starts[rank] == starts[rank - 1] + lengths[rank - 1];
        }

        var ordered = new byte[written + RankTable.KeyPadding];
        if (inOrder)
        {
            Buffer.BlockCopy(bytes, 0, ordered, 0, written);
        }
        else
        {
            var at = 0;
            for (var rank = 0; rank < expectedCount; rank++)
            {
                Buffer.BlockCopy(bytes, starts[rank], ordered, at, lengths[rank]);
                starts[rank] = at;
                at += lengths[rank];
            }
        }

        for (var rank = 0; rank < expectedCount; rank++)
        {
            offsets[rank] = starts[rank];
        }

        offsets[expectedCount] = written;
        return new RankTable(ordered, offsets);
    }

    private static int DecodeBase64Until(byte[] source, int position, byte terminator, byte[] destination, ref int written, string description, int line)
    {
        var accumulator = 0;
        var bits = 0;
        while (position < source.Length && source[position] != terminator)
        {
            var c = source[position++];
            if (c == (byte)'=')
            {
                continue;
            }

            var value = Base64Value(c);
            if (value < 0)
            {
                throw Malformed(description, line);
            }

            accumulator = (accumulator << 6) | value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                destination[written++] = (byte)(accumulator >> bits);
                accumulator &= (1 << bits) - 1;
            }
        }

        if (position >= source.Length)
        {
            throw Malformed(description, line);
        }

        return position + 1;
    }

    private static int Base64Value(byte c) => c switch
    {
        >= (byte)'A' and <= (byte)'Z' => c - 'A',
        >= (byte)'a' and <= (byte)'z' => c - 'a' + 26,
        >= (byte)'0' and <= (byte)'9' => c - '0' + 52,
        (byte)'+' => 62,
        (byte)'/' => 63,
        _ => -1,
    };

    private static InvalidDataException Malformed(string description, int line) =>
        new($"The embedded {description} is malformed at line {line}.");
}
