using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.AI;

namespace LlmOps.Guardrails.Runtime.Signals
{
    /// <summary>
    /// What the layers inside <see cref="CallObservingChatClient"/> learn about the call in flight and the record needs:
    /// the fallback targets tried and the redacted request. Set (an <c>AsyncLocal</c> write) only while observers are
    /// registered, so a pipeline without observers pays nothing; inner layers write with <c>CallFacts.Current?.…</c>.
    /// </summary>
    internal sealed class CallFacts
    {
        private static readonly AsyncLocal<CallFacts?> InFlight = new AsyncLocal<CallFacts?>();
        private List<string>? _hops;

        public static CallFacts? Current => InFlight.Value;

        public IReadOnlyList<string>? Hops => _hops;

        /// <summary>The request after PII redaction; null when no redaction layer ran.</summary>
        public IReadOnlyList<ChatMessage>? RedactedMessages { get; private set; }

        public IReadOnlyDictionary<string, int>? Redactions { get; private set; }

        internal static CallFacts Begin()
        {
            var facts = new CallFacts();
            InFlight.Value = facts;
            return facts;
        }

        /// <summary>Makes <paramref name="facts"/> current again (a stream's reader may resume it on another context).</summary>
        internal static void Resume(CallFacts facts) => InFlight.Value = facts;

        /// <summary>A fallback target was taken (in the order tried).</summary>
        public void Tried(string target)
        {
            lock (this)
            {
                (_hops ??= new List<string>()).Add(target);
            }
        }

        public void Redacted(IReadOnlyList<ChatMessage> messages, IReadOnlyDictionary<string, int>? counts)
        {
            RedactedMessages = messages;
            Redactions = counts;
        }
    }
}
