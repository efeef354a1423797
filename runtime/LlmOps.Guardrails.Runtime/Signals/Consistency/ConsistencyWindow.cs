using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Consistency;

namespace LlmOps.Guardrails.Runtime.Signals.Consistency
{
    /// <summary>
    /// One prompt id and model's monitoring calls of the last window, grouped by input (prompt version and input hash),
    /// with the running consistency count: each group is a <see cref="ConsistencyGroup"/> (the shared definition, updated
    /// in constant time as calls come and go) and the total is the sum of the groups' counts. Calls leave in arrival
    /// order. Not thread-safe: the owner locks.
    /// </summary>
    internal sealed class ConsistencyWindow
    {
        private readonly TimeSpan _window;
        private readonly int _capacity;
        private readonly Queue<(DateTimeOffset At, (string Version, string Hash) Input, string Output)> _arrivals = new();
        private readonly Dictionary<(string Version, string Hash), ConsistencyGroup> _groups = new();
        private int _matching;
        private int _repeated;

        public ConsistencyWindow(string? promptId, string? model, TimeSpan window, int capacity)
        {
            if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), "The consistency window must be positive.");
            if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), "The consistency window must hold at least two calls.");
            PromptId = promptId;
            Model = model;
            _window = window;
            _capacity = capacity;
        }

        public string? PromptId { get; }

        public string? Model { get; }

        /// <summary>True while an alert is out (dropped, not yet recovered).</summary>
        public bool Dropped { get; set; }

        public ConsistencyCount Count => new(_matching, _repeated);

        /// <param name="input">The prompt version (empty when none) and the input hash: what makes two calls the same call.</param>
        public void Add(DateTimeOffset now, (string Version, string Hash) input, string outputHash)
        {
            Expire(now);
            if (!_groups.TryGetValue(input, out var group))
            {
                _groups[input] = group = new ConsistencyGroup();
            }

            var before = group.Count;
            group.Add(outputHash);
            Recount(before, group.Count);
            _arrivals.Enqueue((now, input, outputHash));
            while (_arrivals.Count > _capacity) RemoveOldest();
        }

        public void Expire(DateTimeOffset now)
        {
            while (_arrivals.Count > 0 && _arrivals.Peek().At <= now - _window) RemoveOldest();
        }

        private void RemoveOldest()
        {
            var (_, input, output) = _arrivals.Dequeue();
            var group = _groups[input];
            var before = group.Count;
            group.Remove(output);
            Recount(before, group.Count);
            if (group.Calls == 0) _groups.Remove(input);
        }

        private void Recount(ConsistencyCount before, ConsistencyCount after)
        {
            _matching += after.Matching - before.Matching;
            _repeated += after.Repeated - before.Repeated;
        }
    }
}
