using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmOps.Guardrails.Eval.Results;
using Microsoft.Data.Sqlite;

namespace LlmOps.Guardrails.Eval.History;

/// <summary>The file is not a history this tool can use: corrupt, not SQLite, or written by a newer tool.</summary>
public sealed class RunHistoryException : Exception
{
    public RunHistoryException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The run history, a SQLite file (default <c>.llmops/history.db</c> next to the config). Versioned with
/// <c>PRAGMA user_version</c>; created on first use. Each run is appended in one IMMEDIATE transaction and writers
/// wait for each other (busy timeout), so parallel CI jobs can share one file.
/// </summary>
public static class RunHistoryStore
{
    /// <summary>2 added <c>case_outputs</c> (the output hash of each case, for response consistency); a version 1 file is upgraded on the next append.</summary>
    public const int SchemaVersion = 2;

    public const string DefaultRelativePath = ".llmops/history.db";

    private const int BusyTimeoutMs = 10_000;

    public static string DefaultPath(string configDirectory) =>
        Path.GetFullPath(Path.Combine(configDirectory, DefaultRelativePath));

    /// <summary>Appends one run and its rows; returns the run's id.</summary>
    /// <exception cref="RunHistoryException">The file cannot be opened, is not a usable history, or the write failed.</exception>
    public static long Append(string path, EvalRun run, string source)
    {
        if (run is null) throw new ArgumentNullException(nameof(run));
        var entries = HistoryEntries.From(run, source);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
            using var connection = Open(path, SqliteOpenMode.ReadWriteCreate);
            using var transaction = connection.BeginTransaction(deferred: false);
            EnsureSchema(connection, transaction);

            long runId;
            using (var insertRun = Command(connection, transaction, """
                INSERT INTO runs (started_at, finished_at, commit_sha, baseline_ref, baseline_commit, mode, tool_version, config_hash, source)
                VALUES ($started, $finished, $commit, $baselineRef, $baselineCommit, $mode, $tool, $config, $source);
                SELECT last_insert_rowid();
                """))
            {
                var p = run.Provenance;
                insertRun.Parameters.AddWithValue("$started", p.StartedAt.ToString("O", CultureInfo.InvariantCulture));
                insertRun.Parameters.AddWithValue("$finished", (object?)p.FinishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$commit", (object?)p.Commit ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$baselineRef", (object?)p.BaselineRef ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$baselineCommit", (object?)p.BaselineCommit ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$mode", p.Mode);
                insertRun.Parameters.AddWithValue("$tool", (object?)p.ToolVersion ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$config", (object?)p.ConfigHash ?? DBNull.Value);
                insertRun.Parameters.AddWithValue("$source", source);
                runId = (long)insertRun.ExecuteScalar()!;
            }

            foreach (var entry in entries)
            {
                InsertPrompt(connection, transaction, runId, entry);
                InsertOutputs(connection, transaction, runId, entry);
            }

            transaction.Commit();
            return runId;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            throw new RunHistoryException($"cannot write the run history {path}: {ex.Message}", ex);
        }
    }

    /// <summary>Every stored row, oldest run first; only <paramref name="promptId"/>'s when given. Empty when there is no file.</summary>
    public static IReadOnlyList<HistoryEntry> Read(string path, string? promptId = null)
    {
        var entries = new List<HistoryEntry>();
        if (!File.Exists(path)) return entries;
        try
        {
            using var connection = Open(path, SqliteOpenMode.ReadOnly);
            int version = UserVersion(connection, null);
            if (version == 0) return entries;
            if (version > SchemaVersion) throw NewerSchema(path, version);

            using var select = Command(connection, null, """
                SELECT r.id, r.started_at, r.commit_sha, r.baseline_ref, r.mode, r.source,
                       p.prompt_id, p.variant, p.model, p.prompt_hash, p.cases, p.repeats, p.pass_rate, p.pass_k, p.errored,
                       p.cost_per_1k, p.mean_input_tokens, p.mean_output_tokens, p.latency_p50_ms, p.latency_p95_ms, p.verdict
                FROM prompt_results p JOIN runs r ON r.id = p.run_id
                WHERE $prompt IS NULL OR p.prompt_id = $prompt
                ORDER BY r.id, p.prompt_id, p.variant;
                """);
            select.Parameters.AddWithValue("$prompt", (object?)promptId ?? DBNull.Value);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                entries.Add(new HistoryEntry
                {
                    RunId = reader.GetInt64(0),
                    StartedAt = DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                    Commit = reader.IsDBNull(2) ? null : reader.GetString(2),
                    BaselineRef = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Mode = reader.GetString(4),
                    Source = reader.GetString(5),
                    PromptId = reader.GetString(6),
                    Variant = reader.GetString(7),
                    Model = reader.IsDBNull(8) ? null : reader.GetString(8),
                    PromptHash = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Cases = reader.GetInt32(10),
                    Repeats = reader.GetInt32(11),
                    PassRate = reader.GetDouble(12),
                    PassK = reader.GetDouble(13),
                    Errored = reader.GetInt32(14),
                    CostPer1kCalls = reader.IsDBNull(15) ? null : decimal.Parse(reader.GetString(15), NumberStyles.Float, CultureInfo.InvariantCulture),
                    MeanInputTokens = reader.GetDouble(16),
                    MeanOutputTokens = reader.GetDouble(17),
                    LatencyP50Ms = reader.GetDouble(18),
                    LatencyP95Ms = reader.GetDouble(19),
                    Verdict = reader.GetString(20),
                });
            }

            if (version >= 2) AttachOutputs(connection, entries, promptId);
        }
        catch (Exception ex) when (ex is SqliteException or FormatException or InvalidCastException)
        {
            throw new RunHistoryException($"cannot read the run history {path}: {ex.Message}", ex);
        }

        return entries;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // No pooling: the file handle is released when the command ends (CI caches and temp folders can move it).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString());
        connection.Open();
        using var busy = Command(connection, null, $"PRAGMA busy_timeout = {BusyTimeoutMs};");
        busy.ExecuteNonQuery();
        return connection;
    }

    private static void EnsureSchema(SqliteConnection connection, SqliteTransaction transaction)
    {
        int version = UserVersion(connection, transaction);
        if (version == SchemaVersion) return;
        if (version > SchemaVersion) throw NewerSchema(connection.DataSource, version);

        // Version 0 is a new (empty) file, version 1 lacks case_outputs; the IMMEDIATE transaction makes exactly one
        // writer create (or add) the tables. Every statement is IF NOT EXISTS, so one script serves both.
        using var create = Command(connection, transaction, $"""
            CREATE TABLE IF NOT EXISTS runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                commit_sha TEXT,
                baseline_ref TEXT,
                baseline_commit TEXT,
                mode TEXT NOT NULL,
                tool_version TEXT,
                config_hash TEXT,
                source TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS prompt_results (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                prompt_id TEXT NOT NULL,
                variant TEXT NOT NULL,
                model TEXT,
                prompt_hash TEXT,
                cases INTEGER NOT NULL,
                repeats INTEGER NOT NULL,
                pass_rate REAL NOT NULL,
                pass_k REAL NOT NULL,
                errored INTEGER NOT NULL,
                cost_per_1k TEXT,
                mean_input_tokens REAL NOT NULL,
                mean_output_tokens REAL NOT NULL,
                latency_p50_ms REAL NOT NULL,
                latency_p95_ms REAL NOT NULL,
                verdict TEXT NOT NULL,
                PRIMARY KEY (run_id, prompt_id, variant));
            CREATE INDEX IF NOT EXISTS prompt_results_by_prompt ON prompt_results (prompt_id, run_id);
            CREATE TABLE IF NOT EXISTS case_outputs (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                prompt_id TEXT NOT NULL,
                variant TEXT NOT NULL,
                case_id TEXT NOT NULL,
                output_hash TEXT NOT NULL,
                PRIMARY KEY (run_id, prompt_id, variant, case_id));
            PRAGMA user_version = {SchemaVersion};
            """);
        create.ExecuteNonQuery();
    }

    private static void InsertPrompt(SqliteConnection connection, SqliteTransaction transaction, long runId, HistoryEntry e)
    {
        using var insert = Command(connection, transaction, """
            INSERT INTO prompt_results (run_id, prompt_id, variant, model, prompt_hash, cases, repeats, pass_rate, pass_k, errored,
                cost_per_1k, mean_input_tokens, mean_output_tokens, latency_p50_ms, latency_p95_ms, verdict)
            VALUES ($run, $prompt, $variant, $model, $hash, $cases, $repeats, $passRate, $passK, $errored,
                $cost, $input, $output, $p50, $p95, $verdict);
            """);
        insert.Parameters.AddWithValue("$run", runId);
        insert.Parameters.AddWithValue("$prompt", e.PromptId);
        insert.Parameters.AddWithValue("$variant", e.Variant);
        insert.Parameters.AddWithValue("$model", (object?)e.Model ?? DBNull.Value);
        insert.Parameters.AddWithValue("$hash", (object?)e.PromptHash ?? DBNull.Value);
        insert.Parameters.AddWithValue("$cases", e.Cases);
        insert.Parameters.AddWithValue("$repeats", e.Repeats);
        insert.Parameters.AddWithValue("$passRate", e.PassRate);
        insert.Parameters.AddWithValue("$passK", e.PassK);
        insert.Parameters.AddWithValue("$errored", e.Errored);

        // Decimal as exact text: SQLite's REAL would round the catalog's prices.
        insert.Parameters.AddWithValue("$cost", (object?)e.CostPer1kCalls?.ToString(CultureInfo.InvariantCulture) ?? DBNull.Value);
        insert.Parameters.AddWithValue("$input", e.MeanInputTokens);
        insert.Parameters.AddWithValue("$output", e.MeanOutputTokens);
        insert.Parameters.AddWithValue("$p50", e.LatencyP50Ms);
        insert.Parameters.AddWithValue("$p95", e.LatencyP95Ms);
        insert.Parameters.AddWithValue("$verdict", e.Verdict);
        insert.ExecuteNonQuery();
    }

    private static void InsertOutputs(SqliteConnection connection, SqliteTransaction transaction, long runId, HistoryEntry e)
    {
        if (e.OutputHashes.Count == 0) return;
        using var insert = Command(connection, transaction, """
            INSERT INTO case_outputs (run_id, prompt_id, variant, case_id, output_hash)
            VALUES ($run, $prompt, $variant, $case, $hash);
            """);
        var caseId = insert.Parameters.Add("$case", SqliteType.Text);
        var hash = insert.Parameters.Add("$hash", SqliteType.Text);
        insert.Parameters.AddWithValue("$run", runId);
        insert.Parameters.AddWithValue("$prompt", e.PromptId);
        insert.Parameters.AddWithValue("$variant", e.Variant);
        foreach (var pair in e.OutputHashes)
        {
            caseId.Value = pair.Key;
            hash.Value = pair.Value;
            insert.ExecuteNonQuery();
        }
    }

    private static void AttachOutputs(SqliteConnection connection, List<HistoryEntry> entries, string? promptId)
    {
        var outputs = new Dictionary<(long Run, string Prompt, string Variant), Dictionary<string, string>>();
        using (var select = Command(connection, null, """
            SELECT run_id, prompt_id, variant, case_id, output_hash FROM case_outputs
            WHERE $prompt IS NULL OR prompt_id = $prompt;
            """))
        {
            select.Parameters.AddWithValue("$prompt", (object?)promptId ?? DBNull.Value);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
                if (!outputs.TryGetValue(key, out var hashes)) outputs[key] = hashes = new Dictionary<string, string>(StringComparer.Ordinal);
                hashes[reader.GetString(3)] = reader.GetString(4);
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            if (outputs.TryGetValue((e.RunId, e.PromptId, e.Variant), out var hashes)) entries[i] = e with { OutputHashes = hashes };
        }
    }

    private static int UserVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = Command(connection, transaction, "PRAGMA user_version;");
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static RunHistoryException NewerSchema(string path, int version) =>
        new($"{path} uses history schema {version}, but this dotnet-eval knows schema {SchemaVersion} and older; update the LlmOps.Guardrails.Eval tool.");

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }
}
