using System;
using System.Globalization;
using System.Text.Json;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using Npgsql;

namespace LlmOps.Guardrails.Runtime.PostgreSql.Audit
{
    /// <summary>Checks one row of the audit table: its record's chain link, and its columns against its record.</summary>
    internal static class AuditRowCheck
    {
        // Text columns and the record member each copies; checked after the chain (a record edit is reported as such).
        private static readonly (string Column, string Member)[] TextColumns =
        {
            ("feature", "feature"), ("team", "team"), ("tenant", "tenant"), ("user_id", "user"), ("prompt_id", "promptId"),
            ("prompt_version", "promptVersion"), ("request_model", "requestModel"), ("response_model", "responseModel"),
            ("outcome", "outcome"), ("error_type", "errorType"), ("input_hash", "inputHash"), ("output_hash", "outputHash"),
        };

        private static readonly (string Column, string Member)[] NumberColumns =
        {
            ("input_tokens", "inputTokens"), ("output_tokens", "outputTokens"), ("cost_usd", "costUsd"),
        };

        public static string SelectSql(string table)
        {
            var columns = "seq, time, record, prev, hash";
            foreach (var (column, _) in TextColumns) columns += ", " + column;
            foreach (var (column, _) in NumberColumns) columns += ", " + column + "::text";
            return $"SELECT {columns} FROM {table} ORDER BY seq";
        }

        public static AuditBreak? Check(NpgsqlDataReader reader, string table, long row, AuditChainWalker walker)
        {
            var seq = reader.GetInt64(0);
            var record = reader.GetString(2);
            var link = AuditChain.Read(record, out var problem);
            if (link is null)
            {
                return new AuditBreak(AuditBreakKind.NotARecord, table, row, seq, $"row seq {seq}: {problem}");
            }

            var broken = walker.Step(table, row, link);
            if (broken is not null)
            {
                return broken;
            }

            if (link.Seq != seq)
            {
                return Edited(table, row, seq, $"row seq {seq} holds the record of seq {link.Seq}: rows were renumbered");
            }

            if (!string.Equals(NullableString(reader, 3), link.Prev, StringComparison.Ordinal) || !string.Equals(reader.GetString(4), link.Hash, StringComparison.Ordinal))
            {
                return Edited(table, row, seq, $"row seq {seq}: the prev or hash column differs from its record");
            }

            using var document = JsonDocument.Parse(record);
            var root = document.RootElement;
            if (!root.TryGetProperty("time", out var time) || !time.TryGetDateTimeOffset(out var started)
                || started.UtcDateTime != DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc))
            {
                return Edited(table, row, seq, $"row seq {seq}: the time column differs from its record");
            }

            var ordinal = 5;
            foreach (var (column, member) in TextColumns)
            {
                var expected = root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                if (!string.Equals(NullableString(reader, ordinal++), expected, StringComparison.Ordinal))
                {
                    return Edited(table, row, seq, $"row seq {seq}: the {column} column differs from its record");
                }
            }

            foreach (var (column, member) in NumberColumns)
            {
                var expected = root.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : (decimal?)null;
                var text = NullableString(reader, ordinal++);
                var actual = text is null ? (decimal?)null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (actual != expected)
                {
                    return Edited(table, row, seq, $"row seq {seq}: the {column} column differs from its record");
                }
            }

            return null;
        }

        private static AuditBreak Edited(string table, long row, long seq, string message) =>
            new AuditBreak(AuditBreakKind.Edited, table, row, seq, message);

        private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    }
}
