using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace LlmOps.Guardrails.Eval.Cassettes;

/// <summary>
/// The cassettes of one folder: one JSONL file per prompt (<c>&lt;folder&gt;/&lt;prompt-id&gt;.jsonl</c>), each loaded on
/// the first lookup of its prompt. Lookups and puts are thread-safe. <see cref="Flush"/> rewrites the changed files
/// sorted by key, LF-terminated, atomically (a temporary file in the same folder, then a rename over the old file).
/// </summary>
/// <remarks>
/// A line that cannot be read fails the load of its file with <see cref="CassetteFormatException"/> naming file and
/// line. A key that appears twice in a file is not an error: the last line wins and <see cref="Warnings"/> says so
/// (the next rewrite drops the earlier line).
/// </remarks>
public sealed class CassetteStore
{
    /// <summary>The prompt id of calls that carry none (<see cref="CassetteProperties.PromptId"/> unset).</summary>
    public const string DefaultPromptId = "_default";

    /// <summary>The extension of cassette files.</summary>
    public const string Extension = ".jsonl";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ConcurrentDictionary<string, Lazy<PromptCassette>> prompts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> warnings = new();
    private readonly object flushGate = new();

    public CassetteStore(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException("A cassette folder is required.", nameof(directory));
        }

        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The cassette folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>Problems that did not stop loading (duplicate keys), as "file:line: message".</summary>
    public IReadOnlyList<string> Warnings => warnings.ToArray();

    /// <summary>Test hook: runs after the temporary file is written and before it replaces the cassette.</summary>
    internal Action<string>? BeforeReplace { get; set; }

    /// <summary>The file name of a prompt's cassette: characters other than letters, digits, '.', '-' and '_' become '_'.</summary>
    public static string FileNameFor(string promptId)
    {
        if (string.IsNullOrEmpty(promptId))
        {
            promptId = DefaultPromptId;
        }

        var name = new StringBuilder(promptId.Length + Extension.Length);
        foreach (var c in promptId)
        {
            name.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_' ? c : '_');
        }

        if (name[0] == '.')
        {
            name[0] = '_';
        }

        return name.Append(Extension).ToString();
    }

    /// <summary>The path of a prompt's cassette file (which may not exist yet).</summary>
    public string GetPath(string promptId) => Path.Combine(Directory, FileNameFor(promptId));

    /// <summary>Loads every cassette file of the folder now (validating them all); returns their prompt file stems, sorted.</summary>
    public IReadOnlyList<string> LoadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return Array.Empty<string>();
        }

        var stems = System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(s => !string.IsNullOrEmpty(s))
            .Select(s => s!)
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
        foreach (var stem in stems)
        {
            _ = Get(stem);
        }

        return stems;
    }

    /// <summary>The recorded interaction of a prompt with this key, if any.</summary>
    public bool TryGet(string promptId, string key, out CassetteEntry entry)
    {
        var cassette = Get(promptId);
        lock (cassette.Gate)
        {
            if (cassette.Entries.TryGetValue(key, out var found))
            {
                cassette.Touched.Add(key);
                entry = found;
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>
    /// Whether a response is recorded for this key, without marking it used (a look-ahead before any call must not
    /// keep a recording alive that the run itself never replays).
    /// </summary>
    public bool Contains(string promptId, string key)
    {
        var cassette = Get(promptId);
        lock (cassette.Gate)
        {
            return cassette.Entries.ContainsKey(key);
        }
    }

    /// <summary>Whether anything at all is recorded for the prompt.</summary>
    public bool HasRecordings(string promptId)
    {
        var cassette = Get(promptId);
        lock (cassette.Gate)
        {
            return cassette.Entries.Count > 0;
        }
    }

    /// <summary>The recorded interactions of a prompt, sorted by key.</summary>
    public IReadOnlyList<CassetteEntry> GetEntries(string promptId)
    {
        var cassette = Get(promptId);
        lock (cassette.Gate)
        {
            return cassette.Entries.Values.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Adds or replaces an interaction; written at the next <see cref="Flush"/>.</summary>
    public void Put(string promptId, CassetteEntry entry)
    {
        if (entry is null)
        {
            throw new ArgumentNullException(nameof(entry));
        }

        var cassette = Get(promptId);
        lock (cassette.Gate)
        {
            cassette.Entries[entry.Key] = entry;
            cassette.Touched.Add(entry.Key);
            cassette.Dirty = true;
        }
    }

    /// <summary>Writes every changed cassette file atomically; a file that fails to write keeps its old content and stays pending.</summary>
    public void Flush() => Flush(pruneUntouched: false);

    /// <summary>
    /// Like <see cref="Flush()"/>; with <paramref name="pruneUntouched"/>, the files of prompts recorded into since
    /// loading also drop every interaction that was neither recorded nor replayed by this store (stale recordings of
    /// requests that changed). Only for a run over all cases of those prompts: a filtered or sharded run would drop
    /// the recordings of the cases it skipped.
    /// </summary>
    public void Flush(bool pruneUntouched)
    {
        lock (flushGate)
        {
            List<Exception>? errors = null;
            foreach (var pair in prompts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!pair.Value.IsValueCreated)
                {
                    continue;
                }

                PromptCassette cassette;
                try
                {
                    cassette = pair.Value.Value;
                }
                catch (CassetteFormatException)
                {
                    continue;
                }

                string content;
                lock (cassette.Gate)
                {
                    if (!cassette.Dirty)
                    {
                        continue;
                    }

                    if (pruneUntouched)
                    {
                        foreach (var stale in cassette.Entries.Keys.Where(k => !cassette.Touched.Contains(k)).ToList())
                        {
                            cassette.Entries.Remove(stale);
                        }
                    }

                    content = Render(cassette.Entries.Values);
                    cassette.Dirty = false;
                }

                try
                {
                    WriteAtomically(cassette.Path, content);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    lock (cassette.Gate)
                    {
                        cassette.Dirty = true;
                    }

                    (errors ??= new List<Exception>()).Add(e);
                }
            }

            if (errors is { Count: 1 })
            {
                throw errors[0];
            }

            if (errors is not null)
            {
                throw new AggregateException("Some cassette files could not be written.", errors);
            }
        }
    }

    /// <summary>The file content of a set of interactions: one line each, sorted by key (ordinal), LF after every line.</summary>
    public static string Render(IEnumerable<CassetteEntry> entries)
    {
        var builder = new StringBuilder();
        foreach (var entry in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            builder.Append(entry.ToJsonLine()).Append('\n');
        }

        return builder.ToString();
    }

    private void WriteAtomically(string path, string content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = Utf8NoBom.GetBytes(content);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }

            BeforeReplace?.Invoke(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the original error matters more than a leftover temporary file.
            }

            throw;
        }
    }

    private PromptCassette Get(string promptId)
    {
        var fileName = FileNameFor(promptId);
        var stem = fileName.Substring(0, fileName.Length - Extension.Length);
        return prompts.GetOrAdd(stem, s => new Lazy<PromptCassette>(() => Load(s), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private PromptCassette Load(string stem)
    {
        var path = Path.Combine(Directory, stem + Extension);
        var cassette = new PromptCassette(path);
        if (!File.Exists(path))
        {
            return cassette;
        }

        var lineOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path, Utf8NoBom))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line.Substring(1);
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            var entry = CassetteEntry.Parse(line, path, lineNumber);
            if (lineOfKey.TryGetValue(entry.Key, out var previous))
            {
                warnings.Enqueue($"{path}:{lineNumber}: duplicate key {entry.Key} (also on line {previous}); the last one wins.");
            }

            lineOfKey[entry.Key] = lineNumber;
            cassette.Entries[entry.Key] = entry;
        }

        return cassette;
    }

    private sealed class PromptCassette
    {
        public PromptCassette(string path) => Path = path;

        public string Path { get; }

        public object Gate { get; } = new();

        public Dictionary<string, CassetteEntry> Entries { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Touched { get; } = new(StringComparer.Ordinal);

        public bool Dirty { get; set; }
    }
}
