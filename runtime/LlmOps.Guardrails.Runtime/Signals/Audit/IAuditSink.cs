using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>Where audit records go: an append-only, hash-chained store.</summary>
    public interface IAuditSink
    {
        /// <summary>
        /// Chains <paramref name="records"/> after the last stored record (setting their seq, prev and hash) and stores
        /// them durably, in order. All or nothing: when it throws, none of them count as written and the chain is as
        /// before, so the same records can be offered again.
        /// </summary>
        Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default);
    }
}
