using System;
using System.Collections.Generic;
using System.Globalization;
using LlmOps.Guardrails.Core.Prompts.Economics;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>One prompt's line in prompts.lock.json.</summary>
public sealed record PromptLockEntry
{
    public required string Id { get; init; }

    /// <summary>Starts at 1 and goes up by one each time <see cref="Hash"/> changes.</summary>
    public required int Version { get; init; }

    public required string Hash { get; init; }

    public required string Model { get; init; }

    public required long InputTokens { get; init; }

    public bool InputTokensEstimated { get; init; }

    public required long OutputTokens { get; init; }

    public decimal? CostPerCall { get; init; }

    public long? CallsPerDay { get; init; }

    /// <summary>A date (the lock keeps the day only, as <c>yyyy-MM-dd</c>).</summary>
    public DateTime? PricesCheckedOn { get; init; }

    /// <summary>The prompt file, relative to the lock file, with '/' separators.</summary>
    public required string File { get; init; }

    /// <summary>An entry for a prompt, with version 1 (<see cref="PromptLockFile.Update"/> sets the real version).</summary>
    public static PromptLockEntry From(PromptDefinition prompt, string hash, PromptEstimate estimate, string file)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        if (estimate is null)
        {
            throw new ArgumentNullException(nameof(estimate));
        }

        return new PromptLockEntry
        {
            Id = prompt.Id,
            Version = 1,
            Hash = hash ?? throw new ArgumentNullException(nameof(hash)),
            Model = estimate.Model,
            InputTokens = estimate.InputTokens,
            InputTokensEstimated = estimate.InputTokensEstimated,
            OutputTokens = estimate.OutputTokens,
            CostPerCall = estimate.CostPerCall,
            CallsPerDay = prompt.CallsPerDay,
            PricesCheckedOn = estimate.PricesCheckedOn?.Date,
            File = (file ?? throw new ArgumentNullException(nameof(file))).Replace('\\', '/'),
        };
    }
}

/// <summary>
/// prompts.lock.json: committed next to the project, one entry per prompt sorted by id. Serialised
/// deterministically (stable order, invariant culture, LF, trailing newline) so that it diffs cleanly.
/// </summary>
/// <remarks>
/// The format (version 1):
/// <code>
/// {
///   "formatVersion": 1,
///   "prompts": [
///     {
///       "id": "support.classify",
///       "version": 3,
///       "hash": "sha256:…",
///       "model": "gpt-4o-2024-08-06",
///       "inputTokens": 412,
///       "inputTokensEstimated": false,
///       "outputTokens": 150,
///       "costPerCall": 0.00253,
///       "callsPerDay": 20000,
///       "pricesCheckedOn": "2025-07-04",
///       "file": "prompts/classify.prompt.yaml"
///     }
///   ]
/// }
/// </code>
/// Entries are sorted by id (ordinal). Every key is always written; <c>costPerCall</c>, <c>callsPerDay</c> and
/// <c>pricesCheckedOn</c> may be null. Decimals are written exactly in plain notation without trailing zeros.
/// </remarks>
public sealed class PromptLockFile : IEquatable<PromptLockFile>
{
    public const string FileName = "prompts.lock.json";
    public const int FormatVersion = 1;

    public PromptLockFile(IReadOnlyList<PromptLockEntry> prompts) =>
        Prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));

    /// <summary>The entries, in the order given (<see cref="Serialize"/> and <see cref="Update"/> sort by id).</summary>
    public IReadOnlyList<PromptLockEntry> Prompts { get; }

    /// <summary>The entry for <paramref name="id"/>, or null.</summary>
    public PromptLockEntry? Find(string id)
    {
        foreach (var entry in Prompts)
        {
            if (string.Equals(entry.Id, id, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Parses lock text; problems (LLMP015) go to <paramref name="diagnostics"/> and the result is null.</summary>
    /// <remarks>
    /// Strict: malformed JSON, comments, trailing commas, unknown or duplicate keys, wrong types, negative numbers,
    /// missing required keys, duplicate prompt ids and an unknown <c>formatVersion</c> are all errors, each reported
    /// with a 1-based line and column. Never throws.
    /// </remarks>
    public static PromptLockFile? Parse(string text, string path, ICollection<PromptDiagnostic> diagnostics) =>
        LockFileReader.Read(text, path, diagnostics ?? new List<PromptDiagnostic>());

    /// <summary>The lock as text: sorted by id, 2-space indentation, LF line endings, a trailing newline.</summary>
    public string Serialize()
    {
        var json = new JsonText();
        json.BeginObject();
        json.Property("formatVersion", FormatVersion);
        json.Name("prompts").BeginArray();
        foreach (var entry in SortedById(Prompts))
        {
            WriteEntry(json, entry);
        }

        json.EndArray();
        json.EndObject();
        return json.ToString();
    }

    /// <summary>
    /// The lock for <paramref name="current"/> (id, hash, estimate, file): versions kept where the hash is
    /// unchanged, bumped by one where it changed, 1 for new prompts; removed prompts are dropped.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="current"/> holds the same id twice.</exception>
    public static PromptLockFile Update(PromptLockFile? previous, IReadOnlyList<PromptLockEntry> current)
    {
        if (current is null)
        {
            throw new ArgumentNullException(nameof(current));
        }

        var before = new Dictionary<string, PromptLockEntry>(StringComparer.Ordinal);
        if (previous is not null)
        {
            foreach (var entry in previous.Prompts)
            {
                before[entry.Id] = entry;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<PromptLockEntry>(current.Count);
        foreach (var entry in SortedById(current))
        {
            if (!seen.Add(entry.Id))
            {
                throw new ArgumentException($"Prompt id '{entry.Id}' appears twice; each prompt needs its own id.", nameof(current));
            }

            var version = !before.TryGetValue(entry.Id, out var old) ? 1
                : string.Equals(old.Hash, entry.Hash, StringComparison.Ordinal) ? old.Version
                : old.Version + 1;
            result.Add(entry.Version == version ? entry : entry with { Version = version });
        }

        return new PromptLockFile(result);
    }

    /// <summary>
    /// Why <paramref name="expected"/> differs from this lock, one line per difference (a prompt can have several),
    /// in id order; empty when identical. For example <c>support.classify: hash changed (version 3 → 4)</c>,
    /// <c>support.reply: new prompt</c>, <c>support.old: removed</c>, <c>support.classify: input tokens 412 → 530</c>.
    /// </summary>
    public IReadOnlyList<string> Differences(PromptLockFile expected)
    {
        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        var lines = new List<string>();
        var mine = ById(Prompts);
        var theirs = ById(expected.Prompts);
        var ids = new SortedSet<string>(mine.Keys, StringComparer.Ordinal);
        ids.UnionWith(theirs.Keys);
        foreach (var id in ids)
        {
            mine.TryGetValue(id, out var was);
            theirs.TryGetValue(id, out var now);
            if (was is null)
            {
                lines.Add($"{id}: new prompt");
                continue;
            }

            if (now is null)
            {
                lines.Add($"{id}: removed");
                continue;
            }

            if (!string.Equals(was.Hash, now.Hash, StringComparison.Ordinal))
            {
                lines.Add($"{id}: hash changed (version {Int(was.Version)} → {Int(now.Version)})");
            }
            else if (was.Version != now.Version)
            {
                lines.Add($"{id}: version {Int(was.Version)} → {Int(now.Version)}");
            }

            Compare(lines, id, "model", was.Model, now.Model);
            Compare(lines, id, "file", was.File, now.File);
            Compare(lines, id, "input tokens", Int(was.InputTokens), Int(now.InputTokens));
            if (was.InputTokensEstimated != now.InputTokensEstimated)
            {
                lines.Add($"{id}: input tokens {(now.InputTokensEstimated ? "now estimated" : "now exact")}");
            }

            Compare(lines, id, "output tokens", Int(was.OutputTokens), Int(now.OutputTokens));
            if (was.CostPerCall != now.CostPerCall)
            {
                lines.Add($"{id}: cost per call {Money(was.CostPerCall)} → {Money(now.CostPerCall)}");
            }

            Compare(lines, id, "calls per day", was.CallsPerDay is { } a ? Int(a) : "none", now.CallsPerDay is { } b ? Int(b) : "none");
            Compare(lines, id, "prices checked on", Day(was.PricesCheckedOn), Day(now.PricesCheckedOn));
        }

        return lines;
    }

    /// <summary>Same entries (in any order; entries compare by value, dates by day).</summary>
    public bool Equals(PromptLockFile? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return Prompts.Count == other.Prompts.Count && Differences(other).Count == 0;
    }

    public override bool Equals(object? obj) => obj is PromptLockFile other && Equals(other);

    public override int GetHashCode()
    {
        var hash = Prompts.Count;
        foreach (var entry in Prompts)
        {
            hash ^= StringComparer.Ordinal.GetHashCode(entry.Id) ^ StringComparer.Ordinal.GetHashCode(entry.Hash);
        }

        return hash;
    }

    public override string ToString() => $"{FileName} ({Prompts.Count} prompts)";

    internal static void WriteEntry(JsonText json, PromptLockEntry entry)
    {
        json.BeginObject();
        json.Property("id", entry.Id);
        json.Property("version", entry.Version);
        json.Property("hash", entry.Hash);
        json.Property("model", entry.Model);
        json.Property("inputTokens", entry.InputTokens);
        json.Property("inputTokensEstimated", entry.InputTokensEstimated);
        json.Property("outputTokens", entry.OutputTokens);
        json.Property("costPerCall", entry.CostPerCall);
        json.Property("callsPerDay", entry.CallsPerDay);
        json.Name("pricesCheckedOn").Date(entry.PricesCheckedOn);
        json.Property("file", entry.File);
        json.EndObject();
    }

    internal static List<PromptLockEntry> SortedById(IEnumerable<PromptLockEntry> entries)
    {
        var list = new List<PromptLockEntry>(entries);

        // List.Sort is unstable; ties (duplicate ids) keep their input order so results stay deterministic.
        var order = new Dictionary<PromptLockEntry, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < list.Count; i++)
        {
            order[list[i]] = i;
        }

        list.Sort((a, b) =>
        {
            var byId = string.CompareOrdinal(a.Id, b.Id);
            return byId != 0 ? byId : order[a].CompareTo(order[b]);
        });
        return list;
    }

    private static Dictionary<string, PromptLockEntry> ById(IEnumerable<PromptLockEntry> entries)
    {
        var map = new Dictionary<string, PromptLockEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!map.ContainsKey(entry.Id))
            {
                map[entry.Id] = entry;
            }
        }

        return map;
    }

    private static void Compare(List<string> lines, string id, string what, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            lines.Add($"{id}: {what} {before} → {after}");
        }
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal? value) => value is { } v ? "$" + JsonText.FormatDecimal(v) : "none";

    private static string Day(DateTime? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "none";

    private sealed class ReferenceEqualityComparer : IEqualityComparer<PromptLockEntry>
    {
        public static readonly ReferenceEqualityComparer Instance = new();

        public bool Equals(PromptLockEntry? x, PromptLockEntry? y) => ReferenceEquals(x, y);

        public int GetHashCode(PromptLockEntry obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
