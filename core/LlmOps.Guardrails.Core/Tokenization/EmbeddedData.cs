using System;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;

namespace LlmOps.Guardrails.Core.Tokenization;

/// <summary>Reads the gzip-compressed tables shipped inside the assembly and proves they are intact.</summary>
internal static class EmbeddedData
{
    private const string ResourcePrefix = "LlmOps.Guardrails.Core.Tokenization.Data.";

    /// <summary>Decompresses <c>Data/<paramref name="fileName"/></c> and checks its SHA-256.</summary>
    /// <exception cref="InvalidDataException">The resource is missing or its content is not the expected one.</exception>
    public static byte[] LoadVerified(string fileName, int expectedLength, string expectedSha256, string description)
    {
        var resourceName = ResourcePrefix + fileName;
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"The embedded resource '{resourceName}' ({description}) is missing from {typeof(EmbeddedData).Assembly.GetName().Name}.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);

        // The decompressed size is known, so one exact-size buffer avoids MemoryStream's doubling copies.
        var data = new byte[expectedLength];
        var read = 0;
        while (read < data.Length)
        {
            var n = gzip.Read(data, read, data.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read != expectedLength || gzip.ReadByte() != -1)
        {
            throw new InvalidDataException(
                $"The embedded {description} has the wrong size: expected {expectedLength} bytes after decompression. The assembly is damaged or was modified.");
        }

        VerifySha256(data, expectedSha256, description);
        return data;
    }

    /// <summary>Throws unless <paramref name="data"/> hashes to <paramref name="expectedSha256"/> (lower-case hex).</summary>
    /// <exception cref="InvalidDataException">The hash differs.</exception>
    public static void VerifySha256(byte[] data, string expectedSha256, string description)
    {
        var actual = Sha256Hex(data);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"The embedded {description} failed its SHA-256 check: expected {expectedSha256}, got {actual}. " +
                "The assembly is damaged or was modified; token counts from it could be wrong, so it is not used.");
        }
    }

    internal static string Sha256Hex(byte[] data)
    {
        byte[] hash;
#if NET5_0_OR_GREATER
        hash = SHA256.HashData(data);
#else
        using (var sha = SHA256.Create())
        {
            hash = sha.ComputeHash(data);
        }
#endif
        const string Digits = "0123456789abcdef";
        var chars = new char[hash.Length * 2];
        for (var i = 0; i < hash.Length; i++)
        {
            chars[2 * i] = Digits[hash[i] >> 4];
            chars[(2 * i) + 1] = Digits[hash[i] & 0xF];
        }

        return new string(chars);
    }
}
