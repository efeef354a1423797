using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>
    /// Where budgets are counted. Implementations must make <see cref="ReserveAsync"/> atomic and all-or-nothing across
    /// its charges, and settle or release a reservation at most once (later calls are no-ops).
    /// </summary>
    public interface IBudgetStore
    {
        /// <summary>
        /// Reserves every charge, or none: succeeds only when, for each charge, spent + reserved + amount stays within its
        /// limit. A refusal names the first violated charge (in the order given) with its figures.
        /// </summary>
        ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetCharge> charges, CancellationToken cancellationToken = default);

        /// <summary>
        /// Replaces the reservation by the call's actual cost in each charged bucket (reserved -= reserved amount,
        /// spent += <paramref name="actualUsd"/>). Returns the buckets' usage after settling, in the order of
        /// <see cref="BudgetReservation.Charges"/>, or an empty list when the reservation was already settled or released.
        /// </summary>
        ValueTask<IReadOnlyList<BudgetUsage>> SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default);

        /// <summary>Gives the reservation back without spending anything (a failed call). A no-op when already settled or released.</summary>
        ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default);

        /// <summary>Spent and reserved amounts of one bucket (zero when it has none).</summary>
        ValueTask<BudgetUsage> GetUsageAsync(BudgetBucket bucket, CancellationToken cancellationToken = default);
    }

    /// <summary>The answer to <see cref="IBudgetStore.ReserveAsync"/>: a held reservation, or the refusal's figures.</summary>
    public sealed class BudgetReservation
    {
        private static readonly BudgetCharge[] NoCharges = Array.Empty<BudgetCharge>();

        /// <summary>For stores: a held reservation.</summary>
        /// <param name="id">The reservation's id (the ledger key of stores that keep one).</param>
        /// <param name="charges">The charges held.</param>
        /// <param name="storeState">Anything the store needs to settle it; opaque to everyone else.</param>
        public BudgetReservation(Guid id, IReadOnlyList<BudgetCharge> charges, object? storeState = null)
        {
            Id = id;
            Charges = charges ?? throw new ArgumentNullException(nameof(charges));
            StoreState = storeState;
            Succeeded = true;
        }

        private BudgetReservation(IReadOnlyList<BudgetCharge> charges, BudgetCharge violated, BudgetUsage usage)
        {
            Charges = charges;
            _refusal = new Refusal(violated, usage);
        }

        // A refusal's figures live apart: every held reservation (one per call) would otherwise carry their room.
        private readonly Refusal? _refusal;

        /// <summary>For stores: a refusal because <paramref name="violated"/> would exceed its limit, which held <paramref name="usage"/>.</summary>
        public static BudgetReservation Refused(IReadOnlyList<BudgetCharge> charges, BudgetCharge violated, BudgetUsage usage) =>
            new(charges ?? NoCharges, violated, usage);

        public bool Succeeded { get; }

        /// <summary>The reservation id; <see cref="Guid.Empty"/> for a refusal.</summary>
        public Guid Id { get; }

        public IReadOnlyList<BudgetCharge> Charges { get; }

        /// <summary>The charge that did not fit, for a refusal.</summary>
        public BudgetCharge? Violated => _refusal?.Charge;

        /// <summary>The violated bucket's spent and reserved amounts when it refused.</summary>
        public BudgetUsage? ViolatedUsage => _refusal?.Usage;

        /// <summary>The store's own state for this reservation.</summary>
        public object? StoreState { get; }

        /// <summary>The amount reserved in each bucket (the largest charge; the budget middleware reserves one amount everywhere).</summary>
        public decimal AmountUsd
        {
            get
            {
                var max = 0m;
                for (var i = 0; i < Charges.Count; i++)
                {
                    max = Math.Max(max, Charges[i].AmountUsd);
                }

                return max;
            }
        }

        private sealed class Refusal
        {
            public Refusal(BudgetCharge charge, BudgetUsage usage)
            {
                Charge = charge;
                Usage = usage;
            }

            public BudgetCharge Charge { get; }

            public BudgetUsage Usage { get; }
        }
    }
}
