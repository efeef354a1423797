using System.Runtime.CompilerServices;
using System.Threading;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>
/// Unicode 16.0 character classes for every code point, the version OpenAI's engine (regex-syntax 0.8.5) uses.
/// Shipped as data rather than read from <c>CharUnicodeInfo</c>, whose Unicode version depends on the runtime
/// (.NET Framework, .NET 8 and .NET 10 all differ), so counts are the same wherever the library runs.
/// </summary>
/// <remarks>Regenerate with <c>dotnet run tools/tokenizer-vectors/char-classes.cs</c>.</remarks>
internal static class CharClassTable
{
    private const int BlockShift = 7;
    private const int IndexLength = 0x110000 >> BlockShift;
    private const int DataLength = 38144;
    private const string Sha256 = "0977d4e1a87a7c6f4138b3a434eba73c148c1e4cfee01e97dc4eb3fad4e833b0";

    private static readonly object Gate = new();

    // Set once by EnsureLoaded (an encoding's first use) and never changed, so readers need no lock.
    // Not a type initializer: a damaged table must surface as its own InvalidDataException, not a TypeInitializationException.
    private static byte[]? s_data;

    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref s_data) is not null)
        {
            return;
        }

        lock (Gate)
        {
            if (s_data is null)
            {
                Volatile.Write(ref s_data, EmbeddedData.LoadVerified("char-classes.bin.gz", DataLength, Sha256, "Unicode character-class table"));
            }
        }
    }

    /// <summary>Class of a code point (0..0x10FFFF). <see cref="EnsureLoaded"/> must have run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Lookup(int codePoint)
    {
        var data = s_data!;
        return data[IndexLength + (data[codePoint >> BlockShift] << BlockShift) + (codePoint & ((1 << BlockShift) - 1))];
    }
}
