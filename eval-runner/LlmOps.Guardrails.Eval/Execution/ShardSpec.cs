using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>
/// One shard "i/n" (1-based) of a compare run. A case belongs to the shard picked by a stable hash of its prompt id and
/// case id, so both variants of a case land in the same shard (the pairing stays intact), every machine and .NET version
/// agrees (SHA-256, not string.GetHashCode), and the n shards partition the full run exactly.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    public const int MaxCount = 1000;

    /// <summary>Parses "i/n"; false with a message a user can act on when the text is not a shard.</summary>
    public static bool TryParse(string? text, out ShardSpec? shard, out string? error)
    {
        shard = null;
        error = null;
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            error = $"--shard must be i/n with whole numbers, e.g. 2/4 (got '{text}').";
            return false;
        }

        if (count < 1 || count > MaxCount || index < 1 || index > count)
        {
            error = $"--shard {text}: n must be 1-{MaxCount} and i between 1 and n.";
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    /// <summary>The 1-based shard a case belongs to among <paramref name="count"/> shards.</summary>
    public static int ShardOf(string promptId, string caseId, int count)
    {
        if (promptId is null) throw new ArgumentNullException(nameof(promptId));
        if (caseId is null) throw new ArgumentNullException(nameof(caseId));
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));

        // A separator no id can contain keeps ("a", "bc") and ("ab", "c") apart.
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(promptId + "\0" + caseId));
        ulong value = BinaryPrimitives.ReadUInt64BigEndian(digest);
        return (int)(value % (ulong)count) + 1;
    }

    public bool Contains(string promptId, string caseId) => ShardOf(promptId, caseId, Count) == Index;

    public override string ToString() => Index.ToString(CultureInfo.InvariantCulture) + "/" + Count.ToString(CultureInfo.InvariantCulture);
}
