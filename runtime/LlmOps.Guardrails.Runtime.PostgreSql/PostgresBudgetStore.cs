using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Budgets;
using Npgsql;
using NpgsqlTypes;

namespace LlmOps.Guardrails.Runtime.PostgreSql
{
    /// <summary>
    /// Budgets shared by every instance that points at the same PostgreSQL database. Reservation is one transaction that
    /// upserts each charged bucket row in a fixed order (so concurrent reservations cannot deadlock), only when
    /// spent + reserved + amount stays within the limit, and rolls back when any bucket refuses. Each call leaves a ledger
    /// row: its reservation id, buckets, amount reserved, actual cost and status.
    /// </summary>
    /// <remarks>Call <see cref="EnsureSchemaAsync"/> once at startup (it is idempotent and safe to run from several instances at once).</remarks>
    public sealed class PostgresBudgetStore : IBudgetStore, IAsyncDisposable, IDisposable
    {
        private static readonly BudgetUsage[] NoUsage = Array.Empty<BudgetUsage>();

        private readonly NpgsqlDataSource _dataSource;
        private readonly bool _ownsDataSource;
        private readonly string _spend;
        private readonly string _ledger;
        private readonly string _schema;
        private readonly string _reserveSql;
        private readonly string _ledgerInsertSql;
        private readonly string _completeSql;
        private readonly string _adjustSql;
        private readonly string _usageSql;

        /// <summary>A store on <paramref name="connectionString"/> (the store owns and disposes its connection pool).</summary>
        /// <param name="connectionString">An Npgsql connection string. Never logged.</param>
        /// <param name="schema">The PostgreSQL schema of the two tables; <c>public</c> by default.</param>
        public PostgresBudgetStore(string connectionString, string schema = "public")
            : this(NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), schema, ownsDataSource: true)
        {
        }

        /// <summary>A store on an existing data source, which the caller keeps and disposes.</summary>
        public PostgresBudgetStore(NpgsqlDataSource dataSource, string schema = "public")
            : this(dataSource, schema, ownsDataSource: false)
        {
        }

        private PostgresBudgetStore(NpgsqlDataSource dataSource, string schema, bool ownsDataSource)
        {
            _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
            _ownsDataSource = ownsDataSource;
            _schema = PostgresIdentifiers.Quote(schema);
            _spend = _schema + ".llmops_budget_spend";
            _ledger = _schema + ".llmops_budget_ledger";

            // $1 scope, $2 key, $3 window, $4 window start, $5 amount, $6 limit.
            _reserveSql =
                $"INSERT INTO {_spend} AS s (scope, scope_key, window_kind, window_start, spent_usd, reserved_usd) " +
                "SELECT $1, $2, $3, $4, 0, $5 WHERE $5 <= $6 " +
                "ON CONFLICT (scope, scope_key, window_kind, window_start) DO UPDATE " +
                "SET reserved_usd = s.reserved_usd + EXCLUDED.reserved_usd, updated_at = now() " +
                "WHERE s.spent_usd + s.reserved_usd + EXCLUDED.reserved_usd <= $6 " +
                "RETURNING 1";
            _ledgerInsertSql =
                $"INSERT INTO {_ledger} (reservation_id, status, reserved_usd, scopes, scope_keys, window_kinds, window_starts, amounts_usd) " +
                "VALUES ($1, 'reserved', $2, $3, $4, $5, $6, $7)";

            // $1 id, $2 new status, $3 actual.
            _completeSql =
                $"UPDATE {_ledger} SET status = $2, actual_usd = $3, completed_at = now() " +
                "WHERE reservation_id = $1 AND status = 'reserved' RETURNING 1";

            // $1 scope, $2 key, $3 window, $4 window start, $5 reserved amount, $6 actual.
            _adjustSql =
                $"UPDATE {_spend} SET reserved_usd = GREATEST(reserved_usd - $5, 0), spent_usd = spent_usd + $6, updated_at = now() " +
                "WHERE scope = $1 AND scope_key = $2 AND window_kind = $3 AND window_start = $4 " +
                "RETURNING spent_usd, reserved_usd";
            _usageSql =
                $"SELECT spent_usd, reserved_usd FROM {_spend} WHERE scope = $1 AND scope_key = $2 AND window_kind = $3 AND window_start = $4";
        }

        /// <summary>The DDL <see cref="EnsureSchemaAsync"/> runs.</summary>
        public string SchemaSql =>
            $"CREATE SCHEMA IF NOT EXISTS {_schema};\n" +
            $"CREATE TABLE IF NOT EXISTS {_spend} (\n" +
            "    scope         text        NOT NULL,          -- global | feature | team | tenant\n" +
            "    scope_key     text        NOT NULL,          -- the feature, team or tenant; '' for global\n" +
            "    window_kind   text        NOT NULL,          -- hour | day | month (calendar windows in UTC)\n" +
            "    window_start  timestamptz NOT NULL,\n" +
            "    spent_usd     numeric     NOT NULL DEFAULT 0 CHECK (spent_usd >= 0),\n" +
            "    reserved_usd  numeric     NOT NULL DEFAULT 0 CHECK (reserved_usd >= 0),\n" +
            "    updated_at    timestamptz NOT NULL DEFAULT now(),\n" +
            "    PRIMARY KEY (scope, scope_key, window_kind, window_start)\n" +
            ");\n" +
            $"CREATE TABLE IF NOT EXISTS {_ledger} (\n" +
            "    reservation_id uuid        PRIMARY KEY,\n" +
            "    status         text        NOT NULL CHECK (status IN ('reserved', 'settled', 'released')),\n" +
            "    reserved_usd   numeric     NOT NULL,\n" +
            "    actual_usd     numeric,                      -- null while reserved; 0 when released\n" +
            "    scopes         text[]      NOT NULL,         -- the charged buckets, one array element each\n" +
            "    scope_keys     text[]      NOT NULL,\n" +
            "    window_kinds   text[]      NOT NULL,\n" +
            "    window_starts  timestamptz[] NOT NULL,\n" +
            "    amounts_usd    numeric[]   NOT NULL,\n" +
            "    created_at     timestamptz NOT NULL DEFAULT now(),\n" +
            "    completed_at   timestamptz\n" +
            ");\n" +
            $"CREATE INDEX IF NOT EXISTS llmops_budget_ledger_open ON {_ledger} (created_at) WHERE status = 'reserved';\n";

        /// <summary>Creates the schema, the spend table and the ledger when missing.</summary>
        public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: serialize instances.
                    using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7311043112)", connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using (var command = new NpgsqlCommand(SchemaSql, connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public async ValueTask<BudgetReservation> ReserveAsync(IReadOnlyList<BudgetCharge> charges, CancellationToken cancellationToken = default)
        {
            ValidateCharges(charges);
            var order = SortedOrder(charges);
            var id = Guid.NewGuid();
            var failed = new bool[charges.Count];
            var anyFailed = false;

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        var n = order.Length;
                        var scopes = new string[n];
                        var keys = new string[n];
                        var windows = new string[n];
                        var starts = new DateTime[n];
                        var amounts = new decimal[n];
                        var reserved = 0m;
                        for (var i = 0; i < n; i++)
                        {
                            var charge = charges[order[i]];
                            var command = new NpgsqlBatchCommand(_reserveSql);
                            AddBucket(command, charge.Bucket);
                            command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = charge.AmountUsd, NpgsqlDbType = NpgsqlDbType.Numeric });
                            command.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = charge.Limit.LimitUsd, NpgsqlDbType = NpgsqlDbType.Numeric });
                            batch.BatchCommands.Add(command);
                            scopes[i] = ScopeName(charge.Bucket.Scope);
                            keys[i] = charge.Bucket.Key ?? string.Empty;
                            windows[i] = WindowName(charge.Bucket.Window);
                            starts[i] = charge.Bucket.WindowStart.UtcDateTime;
                            amounts[i] = charge.AmountUsd;
                            reserved = Math.Max(reserved, charge.AmountUsd);
                        }

                        var ledger = new NpgsqlBatchCommand(_ledgerInsertSql);
                        ledger.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                        ledger.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = reserved, NpgsqlDbType = NpgsqlDbType.Numeric });
                        ledger.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = scopes });
                        ledger.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
                        ledger.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = windows });
                        ledger.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = starts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                        ledger.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = amounts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
                        batch.BatchCommands.Add(ledger);

                        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            for (var i = 0; i < n; i++)
                            {
                                if (i > 0)
                                {
                                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                                }

                                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    failed[order[i]] = true;
                                    anyFailed = true;
                                }
                            }

                            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                            {
                            }
                        }
                    }

                    if (!anyFailed)
                    {
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return new BudgetReservation(id, charges, order);
                    }

                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < charges.Count; i++)
                {
                    if (failed[i])
                    {
                        var usage = await ReadUsageAsync(connection, charges[i].Bucket, cancellationToken).ConfigureAwait(false);
                        return BudgetReservation.Refused(charges, charges[i], usage);
                    }
                }
            }

            throw new InvalidOperationException("Unreachable: a refused reservation names its charge.");
        }

        public async ValueTask<IReadOnlyList<BudgetUsage>> SettleAsync(BudgetReservation reservation, decimal actualUsd, CancellationToken cancellationToken = default)
        {
            if (actualUsd < 0m)
            {
                throw new ArgumentOutOfRangeException(nameof(actualUsd), actualUsd, "A call cannot cost less than nothing.");
            }

            var order = OrderOf(reservation);
            if (order is null)
            {
                return NoUsage;
            }

            var charges = reservation.Charges;
            var buckets = new BudgetBucket[order.Length];
            var amounts = new decimal[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                buckets[i] = charges[order[i]].Bucket;
                amounts[i] = charges[order[i]].AmountUsd;
            }

            var sorted = await CompleteAsync(reservation.Id, "settled", actualUsd, buckets, amounts, cancellationToken).ConfigureAwait(false);
            if (sorted is null)
            {
                return NoUsage;
            }

            var usage = new BudgetUsage[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                usage[order[i]] = sorted[i];
            }

            return usage;
        }

        public async ValueTask ReleaseAsync(BudgetReservation reservation, CancellationToken cancellationToken = default)
        {
            var order = OrderOf(reservation);
            if (order is null)
            {
                return;
            }

            var buckets = new BudgetBucket[order.Length];
            var amounts = new decimal[order.Length];
            for (var i = 0; i < order.Length; i++)
            {
                buckets[i] = reservation.Charges[order[i]].Bucket;
                amounts[i] = reservation.Charges[order[i]].AmountUsd;
            }

            await CompleteAsync(reservation.Id, "released", 0m, buckets, amounts, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<BudgetUsage> GetUsageAsync(BudgetBucket bucket, CancellationToken cancellationToken = default)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await ReadUsageAsync(connection, bucket, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Releases reservations still open after <paramref name="olderThan"/>: calls whose process died between reserving
        /// and settling. Run it now and then (for example every few minutes with an age well above your longest call).
        /// </summary>
        /// <returns>How many reservations were released.</returns>
        public async Task<int> ReleaseAbandonedAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
        {
            var open = new List<(Guid Id, BudgetBucket[] Buckets, decimal[] Amounts)>();
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(
                    $"SELECT reservation_id, scopes, scope_keys, window_kinds, window_starts, amounts_usd FROM {_ledger} " +
                    "WHERE status = 'reserved' AND created_at < now() - $1",
                    connection);
                command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = olderThan });
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var scopes = reader.GetFieldValue<string[]>(1);
                        var keys = reader.GetFieldValue<string[]>(2);
                        var windows = reader.GetFieldValue<string[]>(3);
                        var starts = reader.GetFieldValue<DateTime[]>(4);
                        var amounts = reader.GetFieldValue<decimal[]>(5);
                        var buckets = new BudgetBucket[scopes.Length];
                        for (var i = 0; i < buckets.Length; i++)
                        {
                            var scope = ParseScope(scopes[i]);
                            buckets[i] = new BudgetBucket(scope, scope == BudgetScope.Global ? null : keys[i], ParseWindow(windows[i]), new DateTimeOffset(DateTime.SpecifyKind(starts[i], DateTimeKind.Utc)));
                        }

                        open.Add((reader.GetGuid(0), buckets, amounts));
                    }
                }
            }

            var released = 0;
            foreach (var (id, buckets, amounts) in open)
            {
                if (await CompleteAsync(id, "released", 0m, buckets, amounts, cancellationToken).ConfigureAwait(false) is not null)
                {
                    released++;
                }
            }

            return released;
        }

        public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : default;

        public void Dispose()
        {
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }

        // Marks the ledger row complete and, only if it was still open, moves each bucket's share from reserved to spent
        // (buckets in the fixed order, as at reservation). Null when the reservation was already completed.
        private async Task<BudgetUsage[]?> CompleteAsync(Guid id, string status, decimal actualUsd, BudgetBucket[] buckets, decimal[] amounts, CancellationToken cancellationToken)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var usage = new BudgetUsage[buckets.Length];
                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        var complete = new NpgsqlBatchCommand(_completeSql);
                        complete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
                        complete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
                        complete.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = actualUsd, NpgsqlDbType = NpgsqlDbType.Numeric });
                        batch.BatchCommands.Add(complete);
                        for (var i = 0; i < buckets.Length; i++)
                        {
                            var adjust = new NpgsqlBatchCommand(_adjustSql);
                            AddBucket(adjust, buckets[i]);
                            adjust.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = amounts[i], NpgsqlDbType = NpgsqlDbType.Numeric });
                            adjust.Parameters.Add(new NpgsqlParameter<decimal> { TypedValue = actualUsd, NpgsqlDbType = NpgsqlDbType.Numeric });
                            batch.BatchCommands.Add(adjust);
                        }

                        bool open;
                        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            open = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                            for (var i = 0; i < buckets.Length; i++)
                            {
                                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                                {
                                    usage[i] = new BudgetUsage(reader.GetDecimal(0), reader.GetDecimal(1));
                                }
                            }
                        }

                        if (!open)
                        {
                            // Already settled or released: undo the adjustments this batch made.
                            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                            return null;
                        }
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return usage;
                }
            }
        }

        private async Task<BudgetUsage> ReadUsageAsync(NpgsqlConnection connection, BudgetBucket bucket, CancellationToken cancellationToken)
        {
            using var command = new NpgsqlCommand(_usageSql, connection);
            AddBucket(command.Parameters, bucket);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? new BudgetUsage(reader.GetDecimal(0), reader.GetDecimal(1))
                    : default;
            }
        }

        private static void AddBucket(NpgsqlBatchCommand command, BudgetBucket bucket) => AddBucket(command.Parameters, bucket);

        private static void AddBucket(NpgsqlParameterCollection parameters, BudgetBucket bucket)
        {
            parameters.Add(new NpgsqlParameter<string> { TypedValue = ScopeName(bucket.Scope) });
            parameters.Add(new NpgsqlParameter<string> { TypedValue = bucket.Key ?? string.Empty });
            parameters.Add(new NpgsqlParameter<string> { TypedValue = WindowName(bucket.Window) });
            parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bucket.WindowStart.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        }

        private static int[]? OrderOf(BudgetReservation reservation)
        {
            if (reservation is null)
            {
                throw new ArgumentNullException(nameof(reservation));
            }

            if (!reservation.Succeeded)
            {
                return null;
            }

            return reservation.StoreState as int[] ?? throw new ArgumentException("The reservation was not made by a PostgreSQL budget store.", nameof(reservation));
        }

        // Every instance locks bucket rows in this one order, so two reservations can never wait on each other in a cycle.
        private static int[] SortedOrder(IReadOnlyList<BudgetCharge> charges)
        {
            var order = new int[charges.Count];
            for (var i = 0; i < order.Length; i++)
            {
                var j = i;
                while (j > 0 && Compare(charges[order[j - 1]].Bucket, charges[i].Bucket) > 0)
                {
                    order[j] = order[j - 1];
                    j--;
                }

                order[j] = i;
            }

            return order;
        }

        private static int Compare(BudgetBucket a, BudgetBucket b)
        {
            var c = string.CompareOrdinal(ScopeName(a.Scope), ScopeName(b.Scope));
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Key ?? string.Empty, b.Key ?? string.Empty);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(WindowName(a.Window), WindowName(b.Window));
            }

            return c != 0 ? c : a.WindowStart.UtcTicks.CompareTo(b.WindowStart.UtcTicks);
        }

        private static void ValidateCharges(IReadOnlyList<BudgetCharge> charges)
        {
            if (charges is null)
            {
                throw new ArgumentNullException(nameof(charges));
            }

            if (charges.Count == 0)
            {
                throw new ArgumentException("Nothing to reserve.", nameof(charges));
            }

            for (var i = 0; i < charges.Count; i++)
            {
                var charge = charges[i];
                if (charge.Limit is null || charge.AmountUsd < 0m || (charge.Bucket.Scope != BudgetScope.Global && charge.Bucket.Key is null))
                {
                    throw new ArgumentException("Every charge needs its limit, a non-negative amount and, outside the global scope, a key.", nameof(charges));
                }

                for (var j = 0; j < i; j++)
                {
                    if (Compare(charges[j].Bucket, charge.Bucket) == 0)
                    {
                        throw new ArgumentException($"Two charges against the same bucket ({charge.Bucket}): a call is counted once per bucket.", nameof(charges));
                    }
                }
            }
        }

        private static string ScopeName(BudgetScope scope) => scope switch
        {
            BudgetScope.Global => "global",
            BudgetScope.Feature => "feature",
            BudgetScope.Team => "team",
            BudgetScope.Tenant => "tenant",
            _ => throw new ArgumentOutOfRangeException(nameof(scope)),
        };

        private static BudgetScope ParseScope(string name) => name switch
        {
            "global" => BudgetScope.Global,
            "feature" => BudgetScope.Feature,
            "team" => BudgetScope.Team,
            "tenant" => BudgetScope.Tenant,
            _ => throw new FormatException("Unknown budget scope '" + name + "' in the ledger."),
        };

        private static string WindowName(BudgetWindow window) => window switch
        {
            BudgetWindow.Hour => "hour",
            BudgetWindow.Day => "day",
            BudgetWindow.Month => "month",
            _ => throw new ArgumentOutOfRangeException(nameof(window)),
        };

        private static BudgetWindow ParseWindow(string name) => name switch
        {
            "hour" => BudgetWindow.Hour,
            "day" => BudgetWindow.Day,
            "month" => BudgetWindow.Month,
            _ => throw new FormatException("Unknown budget window '" + name + "' in the ledger."),
        };

        internal string LedgerTable => _ledger;

        internal string SpendTable => _spend;
    }
}
