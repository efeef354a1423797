using System;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// The hash chain's one definition. A record's <c>hash</c> is SHA-256 (lowercase hex, <see cref="CallContentHash.OfText"/>)
    /// of its line as written without the trailing <c>,"hash":"…"</c> member; its <c>prev</c> is the hash of the record
    /// before it. Checking a line needs only its bytes, never this library's serializer.
    /// </summary>
    public static class AuditChain
    {
        private const string HashMemberStart = ",\"hash\":\"";
        private const int HashLength = 64;

        // Relaxed escaping keeps the lines readable ("+00:00", accents); the hash covers whatever bytes are written.
        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        /// <summary>Gives <paramref name="record"/> its place in the chain and returns its line (no newline).</summary>
        public static string Seal(AuditRecord record, long seq, string? prev)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            record.Seq = seq;
            record.Prev = prev;
            record.Hash = null;
            var canonical = JsonSerializer.Serialize(record, Json);
            record.Hash = CallContentHash.OfText(canonical);
            return JsonSerializer.Serialize(record, Json);
        }

        /// <summary>
        /// Reads the chain fields of one line and checks its hash. Returns null and a reason when the line is not a
        /// record (not JSON, no trailing hash member, missing <c>seq</c>, an unknown <c>v</c>).
        /// </summary>
        public static AuditLink? Read(string line, out string? problem)
        {
            if (line is null) throw new ArgumentNullException(nameof(line));
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                problem = "the line is not valid JSON (" + FirstSentence(ex.Message) + ")";
                return null;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problem = "the line is JSON but not an object";
                    return null;
                }

                if (!root.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
                {
                    problem = "the record has no schema version 'v'";
                    return null;
                }

                if (version > AuditRecord.CurrentVersion)
                {
                    problem = $"the record has schema version {version}, newer than this tool reads ({AuditRecord.CurrentVersion}); update the tool";
                    return null;
                }

                if (!root.TryGetProperty("seq", out var seqElement) || !seqElement.TryGetInt64(out var seq))
                {
                    problem = "the record has no sequence number 'seq'";
                    return null;
                }

                var start = line.LastIndexOf(HashMemberStart, StringComparison.Ordinal);
                if (start < 0 || line.Length != start + HashMemberStart.Length + HashLength + 2 || !line.EndsWith("\"}", StringComparison.Ordinal))
                {
                    problem = "the record does not end with its 'hash' member";
                    return null;
                }

                var hash = line.Substring(start + HashMemberStart.Length, HashLength);
                var computed = CallContentHash.OfText(line.Substring(0, start) + "}");
                string? prev = root.TryGetProperty("prev", out var prevElement) && prevElement.ValueKind == JsonValueKind.String ? prevElement.GetString() : null;
                DateTimeOffset? time = root.TryGetProperty("time", out var timeElement) && timeElement.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(timeElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : null;
                problem = null;
                return new AuditLink(seq, prev, hash, string.Equals(hash, computed, StringComparison.Ordinal), time);
            }
        }

        private static string FirstSentence(string message)
        {
            var end = message.IndexOf(". ", StringComparison.Ordinal);
            return (end < 0 ? message : message.Substring(0, end)).TrimEnd('.');
        }
    }

    /// <summary>The chain fields of one record as read back, and whether its content still matches its hash.</summary>
    public sealed class AuditLink
    {
        public AuditLink(long seq, string? prev, string hash, bool hashMatches, DateTimeOffset? time)
        {
            Seq = seq;
            Prev = prev;
            Hash = hash;
            HashMatches = hashMatches;
            Time = time;
        }

        public long Seq { get; }

        public string? Prev { get; }

        public string Hash { get; }

        /// <summary>False when the line was changed after it was written.</summary>
        public bool HashMatches { get; }

        public DateTimeOffset? Time { get; }
    }
}
