using System;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>What is wrong at the first broken link of an audit trail.</summary>
    public enum AuditBreakKind
    {
        /// <summary>A record's content no longer matches its hash, or it links to a record that was rewritten.</summary>
        Edited,

        /// <summary>Records are missing: the sequence jumps and no later record fills the gap.</summary>
        Removed,

        /// <summary>Records are out of order (or one appears twice).</summary>
        Reordered,

        /// <summary>A line is not a record: not JSON, no hash, no sequence number, an unknown schema version.</summary>
        NotARecord,
    }

    /// <summary>The first broken link: where (file and line, or the table's seq), what kind, and what is wrong.</summary>
    public sealed class AuditBreak
    {
        public AuditBreak(AuditBreakKind kind, string location, long line, long? seq, string message)
        {
            Kind = kind;
            Location = location ?? throw new ArgumentNullException(nameof(location));
            Line = line;
            Seq = seq;
            Message = message ?? throw new ArgumentNullException(nameof(message));
        }

        public AuditBreakKind Kind { get; }

        /// <summary>The file (or the table) holding the broken record.</summary>
        public string Location { get; }

        /// <summary>The 1-based line in <see cref="Location"/> (for a table: the row's position in seq order).</summary>
        public long Line { get; }

        /// <summary>The record's own seq, when it could be read.</summary>
        public long? Seq { get; }

        public string Message { get; }

        public override string ToString() => $"{Location}({Line}): {Kind}: {Message}";
    }

    /// <summary>The result of verifying a trail: intact, with its extent, or the first broken link.</summary>
    public sealed class AuditVerification
    {
        public AuditVerification(long records, int files, DateTimeOffset? firstTime, DateTimeOffset? lastTime, long? firstSeq, AuditBreak? firstBreak)
        {
            Records = records;
            Files = files;
            FirstTime = firstTime;
            LastTime = lastTime;
            FirstSeq = firstSeq;
            FirstBreak = firstBreak;
        }

        public bool IsIntact => FirstBreak is null;

        /// <summary>Records checked (up to the first break).</summary>
        public long Records { get; }

        /// <summary>Files read (0 for a table).</summary>
        public int Files { get; }

        public DateTimeOffset? FirstTime { get; }

        public DateTimeOffset? LastTime { get; }

        /// <summary>The seq of the first record (1 unless older records were pruned and that was allowed).</summary>
        public long? FirstSeq { get; }

        public AuditBreak? FirstBreak { get; }
    }
}
