using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>
    /// Budgets counted in this process: correct under concurrency (one short lock per store, held for a few dictionary
    /// lookups), lost on restart, not shared between instances (use the PostgreSQL store for that). Buckets of closed
    /// windows are dropped an hour after their window ended once nothing is reserved in them.
    /// </summary>
    public sealed class InMemoryBudgetStore : IBudgetStore
    {
        private const int PruneEvery = 256;
        private static readonly BudgetUsage[] NoUsage = Array.Empty<BudgetUsage>();

        private readonly object _gate = new();
        private readonly Dictionary<Key, Bucket> _buckets = new();
        private readonly int _idPrefix = Guid.NewGuid().GetHashCode();
        private long _nextId;
        private readonly TimeProvider _time;
        private int _createdSincePrune;

        public InMemoryBudgetStore(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

        public ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetCharge> charges, CancellationToken cancellationToken = default)
        {
            Validate(charges);
            var held = new Bucket[charges.Count];
            lock (_gate)
            {
                for (var i = 0; i < held.Length; i++)
                {
                    var charge = charges[i];
                    var bucket = held[i] = GetOrCreate(charge.Bucket);
                    if (bucket.Spent + bucket.Reserved + charge.AmountUsd > charge.Limit.LimitUsd)
                    {
                        return new ValueTask<BudgetReservation>(
                            BudgetReservation.Refused(charges, charge, new BudgetUsage(bucket.Spent, bucket.Reserved)));
                    }
                }

                for (var i = 0; i < held.Length; i++)
                {
                    held[i].Reserved += charges[i].AmountUsd;
                }
            }

            // Ids unique to this store, without the cost of a random Guid per call.
            var n = Interlocked.Increment(ref _nextId);
            var id = new Guid(_idPrefix, (short)(n >> 48), (short)(n >> 32), (byte)(n >> 24), (byte)(n >> 16), (byte)(n >> 8), (byte)n, 0, 0, 0, 0);
            return new ValueTask<BudgetReservation>(new BudgetReservation(id, charges, new State(held)));
        }

        public ValueTask<IReadOnlyList<BudgetUsage>> SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default)
        {
            if (actualUsd < 0m)
            {
                throw new ArgumentOutOfRangeException(nameof(actualUsd), actualUsd, "A call cannot cost less than nothing.");
            }

            var state = Claim(reservation);
            if (state is null)
            {
                return new ValueTask<IReadOnlyList<BudgetUsage>>(NoUsage);
            }

            var charges = reservation.Charges;
            var usage = new BudgetUsage[state.Buckets.Length];
            lock (_gate)
            {
                for (var i = 0; i < usage.Length; i++)
                {
                    var bucket = state.Buckets[i];
                    bucket.Reserved = Math.Max(0m, bucket.Reserved - charges[i].AmountUsd);
                    bucket.Spent += actualUsd;
                    usage[i] = new BudgetUsage(bucket.Spent, bucket.Reserved);
                }
            }

            return new ValueTask<IReadOnlyList<BudgetUsage>>(usage);
        }

        public ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
        {
            var state = Claim(reservation);
            if (state is not null)
            {
                var charges = reservation.Charges;
                lock (_gate)
                {
                    for (var i = 0; i < state.Buckets.Length; i++)
                    {
                        var bucket = state.Buckets[i];
                        bucket.Reserved = Math.Max(0m, bucket.Reserved - charges[i].AmountUsd);
                    }
                }
            }

            return default;
        }

        public ValueTask<BudgetUsage> GetUsageAsync(BudgetBucket bucket, CancellationToken cancellationToken = default)
        {
            lock (_gate)
            {
                return new ValueTask<BudgetUsage>(_buckets.TryGetValue(new Key(bucket), out var found)
                    ? new BudgetUsage(found.Spent, found.Reserved)
                    : default);
            }
        }

        internal static void Validate(IReadOnlyList<BudgetCharge> charges)
        {
            if (charges is null)
            {
                throw new ArgumentNullException(nameof(charges));
            }

            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                if (charge.Limit is null)
                {
                    throw new ArgumentException("Every charge needs its limit.", nameof(charges));
                }

                if (charge.AmountUsd < 0m)
                {
                    throw new ArgumentException("A charge cannot be negative.", nameof(charges));
                }

                if (charge.Bucket.Scope != BudgetScope.Global && charge.Bucket.Key is null)
                {
                    throw new ArgumentException("A feature, team or tenant charge needs its key.", nameof(charges));
                }

                for (var j = 0; j < i; j++)
                {
                    if (new Key(charges[j].Bucket).Equals(new Key(charge.Bucket)))
                    {
                        throw new ArgumentException($"Two charges against the same bucket ({charge.Bucket}): a call is counted once per bucket.", nameof(charges));
                    }
                }
            }
        }

        private static State? Claim(BudgetReservation reservation)
        {
            if (reservation is null)
            {
                throw new ArgumentNullException(nameof(reservation));
            }

            if (!reservation.Succeeded)
            {
                return null;
            }

            if (reservation.StoreState is not State state)
            {
                throw new ArgumentException("The reservation was not made by this store.", nameof(reservation));
            }

            return Interlocked.Exchange(ref state.Done, 1) == 0 ? state : null;
        }

        private Bucket GetOrCreate(BudgetBucket bucketId)
        {
            var key = new Key(bucketId);
            if (_buckets.TryGetValue(key, out var bucket))
            {
                return bucket;
            }

            if (++_createdSincePrune >= PruneEvery)
            {
                _createdSincePrune = 0;
                Prune();
            }

            bucket = new Bucket(BudgetWindows.EndOf(bucketId.Window, bucketId.WindowStart));
            _buckets.Add(key, bucket);
            return bucket;
        }

        private void Prune()
        {
            var cutoff = _time.GetUtcNow().AddHours(-1);
            List<Key>? stale = null;
            foreach (var pair in _buckets)
            {
                if (pair.Value.End < cutoff && pair.Value.Reserved == 0m)
                {
                    (stale ??= new List<Key>()).Add(pair.Key);
                }
            }

            if (stale is not null)
            {
                foreach (var key in stale)
                {
                    _buckets.Remove(key);
                }
            }
        }

        private readonly struct Key : IEquatable<Key>
        {
            private readonly string _key;
            private readonly long _startTicks;
            private readonly int _kind;

            public Key(BudgetBucket bucket)
            {
                _key = bucket.Key ?? string.Empty;
                _startTicks = bucket.WindowStart.UtcTicks;
                _kind = ((int)bucket.Scope << 8) | (int)bucket.Window;
            }

            public bool Equals(Key other) =>
                _startTicks == other._startTicks && _kind == other._kind && string.Equals(_key, other._key, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode() => unchecked((_key.GetHashCode() * 31) ^ _startTicks.GetHashCode() ^ (_kind * 397));
        }

        private sealed class Bucket
        {
            public readonly DateTimeOffset End;
            public decimal Spent;
            public decimal Reserved;

            public Bucket(DateTimeOffset end) => End = end;
        }

        private sealed class State
        {
            public readonly Bucket[] Buckets;
            public int Done;

            public State(Bucket[] buckets) => Buckets = buckets;
        }
    }
}
