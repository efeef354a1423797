using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Core.Tests.Tokenization;

/// <summary>The heap merge (long pieces) must split exactly like the scan merge (the reference algorithm).</summary>
public sealed class BytePairMergeTests
{
    [Theory]
    [InlineData("o200k_base")]
    [InlineData("cl100k_base")]
    public void Heap_and_scan_merges_agree(string name)
    {
        var ranks = TiktokenEncoding.Get(name).Ranks;
        var random = new Random(42);
        var alphabets = new[]
        {
            "abcdefghijklmnopqrstuvwxyz",
            "aab",
            " =-_*",
            "0123456789",
            "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年",
        };

        for (var round = 0; round < 2_000; round++)
        {
            var alphabet = alphabets[round % alphabets.Length];
            var length = 2 + random.Next(60);
            var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var bytes = new byte[(text.Length * 3) + RankTable.KeyPadding];
            var count = Utf8Writer.Write(text, bytes);
            if (count > BytePairMerge.ScanLimit)
            {
                continue;
            }

            var byScan = new int[count + 1];
            var byHeap = new int[count + 1];
            var scanParts = BytePairMerge.MergeByScan(ranks, bytes, count, byScan);
            var heapParts = BytePairMerge.MergeByHeap(ranks, bytes, count, byHeap);

            Assert.Equal(scanParts, heapParts);
            Assert.Equal(byScan.Take(scanParts + 1), byHeap.Take(heapParts + 1));
        }
    }
}
