using System;
using System.Collections.Generic;

namespace LlmOps.Guardrails.Core.Consistency
{
    /// <summary>
    /// The outputs of one input (one group in <see cref="ConsistencyRatio"/>), kept as counts so that a sliding window
    /// can add and remove calls in constant time: how often each output hash occurs and how many hashes occur k times,
    /// which gives the modal count without a scan. <see cref="ConsistencyRatio.Of"/> is this group filled at once.
    /// </summary>
    public sealed class ConsistencyGroup
    {
        private readonly Dictionary<string, int> _perOutput = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _outputsWithCount = new();
        private int _total;
        private int _modal;

        /// <summary>(modal count, calls) when the input was called at least twice, (0, 0) otherwise.</summary>
        public ConsistencyCount Count => _total < 2 ? default : new ConsistencyCount(_modal, _total);

        /// <summary>Calls in the group, repeated or not.</summary>
        public int Calls => _total;

        public void Add(string outputHash)
        {
            if (outputHash is null) throw new ArgumentNullException(nameof(outputHash), "An output hash is null; leave calls without an output out.");
            _perOutput.TryGetValue(outputHash, out var count);
            Move(count, count + 1);
            _perOutput[outputHash] = count + 1;
            _total++;
            if (count + 1 > _modal) _modal = count + 1;
        }

        /// <exception cref="InvalidOperationException">The hash is not in the group.</exception>
        public void Remove(string outputHash)
        {
            if (outputHash is null || !_perOutput.TryGetValue(outputHash, out var count))
            {
                throw new InvalidOperationException("The output hash to remove is not in the group.");
            }

            Move(count, count - 1);
            if (count == 1) _perOutput.Remove(outputHash);
            else _perOutput[outputHash] = count - 1;
            _total--;
            if (count == _modal && !_outputsWithCount.ContainsKey(count)) _modal = count - 1;
        }

        private void Move(int from, int to)
        {
            if (from > 0)
            {
                var left = _outputsWithCount[from] - 1;
                if (left == 0) _outputsWithCount.Remove(from);
                else _outputsWithCount[from] = left;
            }

            if (to > 0)
            {
                _outputsWithCount.TryGetValue(to, out var with);
                _outputsWithCount[to] = with + 1;
            }
        }
    }
}
