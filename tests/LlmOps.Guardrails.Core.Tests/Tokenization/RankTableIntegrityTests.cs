using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

public sealed class RankTableIntegrityTests
{
    [Fact]
    public void Verification_accepts_the_right_bytes()
    {
        var data = Encoding.ASCII.GetBytes("IQ== 0\nIg== 1\n");
        var hash = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();

        EmbeddedData.VerifySha256(data, hash, "test table");
    }

    [Fact]
    public void Verification_rejects_a_single_changed_byte()
    {
        var data = Encoding.ASCII.GetBytes("IQ== 0\nIg== 1\n");
        var hash = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
        data[0] ^= 1;

        var error = Assert.Throws<InvalidDataException>(() => EmbeddedData.VerifySha256(data, hash, "test table"));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Contains(hash, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupted_copy_of_the_real_table_is_rejected_against_OpenAIs_hash()
    {
        var original = DecompressEmbedded("o200k_base.tiktoken.gz");
        Assert.Equal(3_613_922, original.Length);
        EmbeddedData.VerifySha256(original, "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d", "o200k_base rank table");

        var corrupted = (byte[])original.Clone();
        corrupted[corrupted.Length / 2] = (byte)'A';
        Assert.NotEqual(original, corrupted);

        Assert.Throws<InvalidDataException>(() => EmbeddedData.VerifySha256(corrupted, "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d", "o200k_base rank table"));
    }

    [Fact]
    public void Embedded_tables_carry_OpenAIs_published_hashes()
    {
        var cl100k = DecompressEmbedded("cl100k_base.tiktoken.gz");
        Assert.Equal("223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7", Convert.ToHexString(SHA256.HashData(cl100k)).ToLowerInvariant());
    }

    [Fact]
    public void Missing_resource_and_wrong_size_fail_clearly()
    {
        Assert.Throws<InvalidDataException>(() => EmbeddedData.LoadVerified("no-such-table.gz", 10, new string('0', 64), "test table"));
        var error = Assert.Throws<InvalidDataException>(() => EmbeddedData.LoadVerified("cl100k_base.tiktoken.gz", 1_000, new string('0', 64), "cl100k_base rank table"));
        Assert.Contains("size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IQ== 0\nIg== 0\n")]   // duplicate rank
    [InlineData("IQ== 0\nIg== 5\n")]   // rank out of range
    [InlineData("I?== 0\nIg== 1\n")]   // not base64
    [InlineData("IQ== 0\nIg==\n")]     // no rank
    [InlineData("IQ== 0\n")]           // too few ranks
    public void Malformed_tables_are_rejected(string content)
    {
        Assert.Throws<InvalidDataException>(() => TiktokenFileReader.Read(Encoding.ASCII.GetBytes(content), 2, "test table"));
    }

    [Fact]
    public void A_small_table_reads_and_looks_up()
    {
        // "!" = 0, "\"" = 1, "ab" = 2, a 12-byte token = 3 (longer than one key word).
        var content = "IQ== 0\nIg== 1\nYWI= 2\naGVsbG8gd29ybGQh 3\n";
        var table = TiktokenFileReader.Read(Encoding.ASCII.GetBytes(content), 4, "test table");
        var key = new byte[32];
        Encoding.ASCII.GetBytes("hello world!").CopyTo(key, 0);

        Assert.Equal(4, table.Count);
        Assert.Equal(3, table.GetRank(key, 0, 12));
        Assert.Equal(RankTable.NoRank, table.GetRank(key, 0, 11));
        Assert.True(table.TryGetBytes(2, out var ab));
        Assert.Equal("ab", Encoding.ASCII.GetString(ab));
        Assert.False(table.TryGetBytes(4, out _));
    }

    private static byte[] DecompressEmbedded(string file)
    {
        var assembly = typeof(TiktokenEncoding).Assembly;
        using var stream = assembly.GetManifestResourceStream("LlmOps.Guardrails.Core.Tokenization.Data." + file)!;
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
