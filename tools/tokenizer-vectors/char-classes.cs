// Regenerates core/LlmOps.Guardrails.Core/Tokenization/Data/char-classes.bin.gz, the Unicode table the
// pre-tokenizer uses instead of the runtime's CharUnicodeInfo (whose Unicode version differs between
// .NET Framework, .NET 8 and .NET 10). OpenAI's engine (regex-syntax 0.8.5) uses Unicode 16.0, as does the
// .NET 10 runtime this script must run on.
//
//   dotnet run tools/tokenizer-vectors/char-classes.cs
//
// Prints the SHA-256 of the uncompressed table; CharClassTable.cs must carry the same value.
//
// Layout: 8,704 bytes of block numbers (one per 128 code points), then the distinct 128-byte blocks.
// Class values are the CharClass enum in CharClass.cs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;

if (CharUnicodeInfo.GetUnicodeCategory(0x1C89) != UnicodeCategory.UppercaseLetter)
{
    Console.Error.WriteLine("This runtime does not carry Unicode 16 data; run the script on .NET 10.");
    return 1;
}

const int BlockSize = 128;
var index = new byte[0x110000 / BlockSize];
var blocks = new List<byte[]>();
var seen = new Dictionary<string, int>();
for (var block = 0; block < index.Length; block++)
{
    var classes = new byte[BlockSize];
    for (var i = 0; i < BlockSize; i++)
    {
        classes[i] = Classify(block * BlockSize + i);
    }

    var key = Convert.ToBase64String(classes);
    if (!seen.TryGetValue(key, out var number))
    {
        number = blocks.Count;
        seen.Add(key, number);
        blocks.Add(classes);
    }

    index[block] = checked((byte)number);
}

var table = new MemoryStream();
table.Write(index, 0, index.Length);
foreach (var classes in blocks)
{
    table.Write(classes, 0, classes.Length);
}

var bytes = table.ToArray();
var root = FindRepositoryRoot();
var output = Path.Combine(root, "core", "LlmOps.Guardrails.Core", "Tokenization", "Data", "char-classes.bin.gz");
using (var file = File.Create(output))
using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
{
    gzip.Write(bytes, 0, bytes.Length);
}

Console.WriteLine($"{output}: {bytes.Length} bytes, {blocks.Count} distinct blocks");
Console.WriteLine($"sha256 {Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()}");
return 0;

// Mirrors CharClass: 0 other, 1 mark, 2 upper/title, 3 lower, 4 modifier/other letter, 5 number,
// 6 white space other than CR/LF, 7 CR or LF.
static byte Classify(int cp)
{
    if (cp == '\r' || cp == '\n')
    {
        return 7;
    }

    // Rust's \s is the White_Space property, not .NET's char.IsWhiteSpace (same set today, but stated exactly).
    if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000)
    {
        return 6;
    }

    if (cp >= 0xD800 && cp <= 0xDFFF)
    {
        return 0;
    }

    switch (CharUnicodeInfo.GetUnicodeCategory(cp))
    {
        case UnicodeCategory.UppercaseLetter:
        case UnicodeCategory.TitlecaseLetter:
            return 2;
        case UnicodeCategory.LowercaseLetter:
            return 3;
        case UnicodeCategory.ModifierLetter:
        case UnicodeCategory.OtherLetter:
            return 4;
        case UnicodeCategory.NonSpacingMark:
        case UnicodeCategory.SpacingCombiningMark:
        case UnicodeCategory.EnclosingMark:
            return 1;
        case UnicodeCategory.DecimalDigitNumber:
        case UnicodeCategory.LetterNumber:
        case UnicodeCategory.OtherNumber:
            return 5;
        default:
            return 0;
    }
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LlmOps.Guardrails.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run from inside the repository.");
}
