using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Execution;

/// <summary>One completed unit of work in <c>checkpoint.jsonl</c>: a case of a prompt variant, all its repeats.</summary>
public sealed class CheckpointEntry
{
    public required string PromptId { get; init; }

    /// <summary>"baseline", "candidate" or "both" (an unchanged prompt runs once for both variants).</summary>
    public required string Variant { get; init; }

    public required string CaseId { get; init; }

    public required string CaseFingerprint { get; init; }

    public required string PromptHash { get; init; }

    /// <summary>How many repeats the result aggregates (a resumed run with other --repeats re-runs the case).</summary>
    public int Repeats { get; init; }

    public required CaseResult Result { get; init; }
}

/// <summary>
/// The append-only checkpoint of a compare run: one JSON line per completed case, flushed per line, thread-safe.
/// </summary>
public sealed class CheckpointWriter : IDisposable
{
    public const string FileName = "checkpoint.jsonl";

    private readonly object gate = new();
    private readonly StreamWriter writer;
    private int count;

    public CheckpointWriter(string path, bool append)
    {
        Path = path;
        string? directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read);
        writer = new StreamWriter(stream, new UTF8Encoding(false));
    }

    public string Path { get; }

    /// <summary>Lines written by this writer.</summary>
    public int Count
    {
        get { lock (gate) return count; }
    }

    public void Append(CheckpointEntry entry)
    {
        string line = JsonSerializer.Serialize(entry, CheckpointJsonContext.Default.CheckpointEntry);
        lock (gate)
        {
            writer.Write(line);
            writer.Write('\n');
            writer.Flush();
            count++;
        }
    }

    public void Dispose()
    {
        lock (gate) writer.Dispose();
    }

    /// <summary>Reads a checkpoint; a torn last line (the process was killed mid-write) and unreadable lines are skipped.</summary>
    public static IReadOnlyList<CheckpointEntry> Read(string path)
    {
        var entries = new List<CheckpointEntry>();
        if (!File.Exists(path)) return entries;
        foreach (string line in File.ReadAllLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var entry = JsonSerializer.Deserialize(line, CheckpointJsonContext.Default.CheckpointEntry);
                if (entry is not null) entries.Add(entry);
            }
            catch (JsonException)
            {
                // skipped: the case runs again
            }
        }

        return entries;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    Converters = new[]
    {
        typeof(CamelCaseEnumConverter<Variant>),
        typeof(CamelCaseEnumConverter<CaseStatus>),
        typeof(CamelCaseEnumConverter<CaseChange>),
        typeof(CamelCaseEnumConverter<PromptVerdict>),
        typeof(SortedScoreMapConverter),
    })]
[JsonSerializable(typeof(CheckpointEntry))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext
{
}
