using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// Follows a trail record by record, in the order it is stored, and names the first broken link. Told which seqs
    /// exist anywhere in the trail, it tells a reordered record (the expected one is elsewhere) from a removed one.
    /// </summary>
    internal sealed class AuditChainWalker
    {
        private readonly ISet<long> _allSeqs;
        private readonly bool _allowPrunedStart;
        private long _lastSeq;
        private string? _lastHash;
        private string? _lastLocation;

        public AuditChainWalker(ISet<long> allSeqs, bool allowPrunedStart)
        {
            _allSeqs = allSeqs;
            _allowPrunedStart = allowPrunedStart;
        }

        public long Records { get; private set; }

        public long? FirstSeq { get; private set; }

        public DateTimeOffset? FirstTime { get; private set; }

        public DateTimeOffset? LastTime { get; private set; }

        /// <summary>Checks the next record; returns the break it makes, or null when it continues the chain.</summary>
        public AuditBreak? Step(string location, long line, AuditLink link)
        {
            if (!link.HashMatches)
            {
                return new AuditBreak(AuditBreakKind.Edited, location, line, link.Seq,
                    $"record seq {link.Seq} was edited: its content no longer matches its hash");
            }

            if (_lastHash is null)
            {
                if ((link.Seq != 1 || link.Prev is not null) && !_allowPrunedStart)
                {
                    return new AuditBreak(AuditBreakKind.Removed, location, line, link.Seq,
                        $"the trail starts at record seq {link.Seq}: records 1 to {link.Seq - 1} are missing (if older files were deleted on purpose, verify with --allow-pruned)");
                }
            }
            else if (link.Seq != _lastSeq + 1)
            {
                var expected = _lastSeq + 1;
                if (link.Seq <= _lastSeq)
                {
                    return new AuditBreak(AuditBreakKind.Reordered, location, line, link.Seq,
                        $"record seq {link.Seq} comes after seq {_lastSeq}: records are out of order or repeated");
                }

                if (_allSeqs.Contains(expected))
                {
                    return new AuditBreak(AuditBreakKind.Reordered, location, line, link.Seq,
                        $"record seq {link.Seq} comes where seq {expected} belongs, and seq {expected} is further on: records are out of order");
                }

                return new AuditBreak(AuditBreakKind.Removed, location, line, link.Seq,
                    $"record seq {link.Seq} follows seq {_lastSeq}: {link.Seq - expected} record(s) removed");
            }
            else if (!string.Equals(link.Prev, _lastHash, StringComparison.Ordinal))
            {
                return new AuditBreak(AuditBreakKind.Edited, location, line, link.Seq,
                    $"record seq {link.Seq} links to another record than seq {_lastSeq} ({_lastLocation}): that record was rewritten with a new hash");
            }

            if (Records == 0)
            {
                FirstSeq = link.Seq;
                FirstTime = link.Time;
            }

            Records++;
            LastTime = link.Time ?? LastTime;
            _lastSeq = link.Seq;
            _lastHash = link.Hash;
            _lastLocation = location + "(" + line + ")";
            return null;
        }
    }
}
