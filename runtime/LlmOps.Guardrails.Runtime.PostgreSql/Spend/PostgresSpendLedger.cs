using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Signals;
using LlmOps.Guardrails.Runtime.Signals.Spend;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace LlmOps.Guardrails.Runtime.PostgreSql.Spend
{
    /// <summary>
    /// Fleet-wide spend anomalies and budget forecasts: every instance records its calls' spend in one PostgreSQL ledger
    /// and checks the running hour with one SQL statement that also inserts the alerts, keyed by dimension, value and hour,
    /// so N instances raise one alert, not N. <see cref="OnCallCompleted"/> only queues the row; <see cref="FlushAsync"/>
    /// (or <see cref="RunAsync"/>, every interval) writes the queue and runs the checks.
    /// </summary>
    /// <remarks>Call <see cref="EnsureSchemaAsync"/> once at startup (idempotent, safe from several instances at once).</remarks>
    public sealed class PostgresSpendLedger : ILlmCallObserver, IAsyncDisposable, IDisposable
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly bool _ownsDataSource;
        private readonly PostgresSpendLedgerOptions _options;
        private readonly PostgresSpendSql _sql;
        private readonly string[] _dimensions;
        private readonly ConcurrentQueue<Row> _queue = new();
        private readonly BudgetForecastAlerts? _forecastAlerts;
        private readonly IDisposable? _gauge;
        private volatile IReadOnlyList<BudgetForecast> _lastForecasts = Array.Empty<BudgetForecast>();

        /// <summary>A ledger on <paramref name="connectionString"/> (it owns and disposes its connection pool).</summary>
        public PostgresSpendLedger(string connectionString, PostgresSpendLedgerOptions? options = null)
            : this(NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), options, ownsDataSource: true)
        {
        }

        /// <summary>A ledger on an existing data source, which the caller keeps and disposes.</summary>
        public PostgresSpendLedger(NpgsqlDataSource dataSource, PostgresSpendLedgerOptions? options = null)
            : this(dataSource, options, ownsDataSource: false)
        {
        }

        private PostgresSpendLedger(NpgsqlDataSource dataSource, PostgresSpendLedgerOptions? options, bool ownsDataSource)
        {
            _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
            _ownsDataSource = ownsDataSource;
            _options = options ?? new PostgresSpendLedgerOptions();
            _options.Anomalies?.Validate();
            _options.Forecast?.Validate();
            _sql = new PostgresSpendSql(PostgresIdentifiers.Quote(_options.Schema));
            _dimensions = (_options.Anomalies?.Dimensions ?? Array.Empty<SpendDimension>()).Select(SpendDimensions.Name).Distinct().ToArray();
            if (_options.Forecast is { Limits.Count: > 0 } forecast)
            {
                _forecastAlerts = new BudgetForecastAlerts(forecast);
                _gauge = SpendInstruments.RegisterForecasts(() => _lastForecasts);
            }
        }

        /// <summary>The DDL <see cref="EnsureSchemaAsync"/> runs.</summary>
        public string SchemaSql => _sql.SchemaSql;

        /// <summary>Rows queued and not yet written.</summary>
        public int Pending => _queue.Count;

        /// <summary>Creates the schema, the ledger and the alert table when missing.</summary>
        public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: serialize instances.
                    using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(7311043113)", connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using (var command = new NpgsqlCommand(_sql.SchemaSql, connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>Queues the call's spend with its dimensions (no I/O on the call's path). Calls without a cost are skipped.</summary>
        public void OnCallCompleted(LlmCallRecord call)
        {
            if (call?.CostUsd is not { } cost || cost < 0m)
            {
                return;
            }

            _queue.Enqueue(new Row(
                call.StartedAt,
                cost,
                SpendDimensions.KeyOf(SpendDimension.Feature, call),
                SpendDimensions.KeyOf(SpendDimension.Team, call),
                SpendDimensions.KeyOf(SpendDimension.Model, call),
                SpendDimensions.KeyOf(SpendDimension.Tenant, call),
                SpendDimensions.KeyOf(SpendDimension.User, call)));
        }

        /// <summary>Writes the queued rows (one statement) and checks the running hour; returns the anomalies this instance raised.</summary>
        public async Task<IReadOnlyList<SpendAnomaly>> FlushAsync(CancellationToken cancellationToken = default)
        {
            await WriteQueuedAsync(cancellationToken).ConfigureAwait(false);
            return await CheckAnomaliesAsync(_options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The anomaly check of the hour that contains <paramref name="now"/>, in one SQL statement; raises (callback,
        /// counter, log) and returns the alerts this instance inserted. Another instance's alert for the same value and
        /// hour is not raised again.
        /// </summary>
        public async Task<IReadOnlyList<SpendAnomaly>> CheckAnomaliesAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            if (_options.Anomalies is not { } o || _dimensions.Length == 0)
            {
                return Array.Empty<SpendAnomaly>();
            }

            var hour = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
            var raised = new List<SpendAnomaly>();
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(_sql.AnomalySql, connection);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = hour, NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = _dimensions });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = o.Alpha });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.SeasonalWeeks });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.MinimumSeasonalWeeks });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.DriftDays });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.MinimumDriftDays });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = o.ZThreshold });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = (double)o.MinimumExcessUsd });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = o.HourNoiseFloor });
                command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = o.DayNoiseFloor });
                command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.LookbackHours });
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        raised.Add(new SpendAnomaly(
                            ParseDimension(reader.GetString(0)),
                            reader.GetString(1),
                            hour,
                            ParseKind(reader.GetString(2)),
                            Math.Round((decimal)reader.GetDouble(3), 6),
                            Math.Round((decimal)reader.GetDouble(4), 6),
                            reader.GetDouble(5)));
                    }
                }
            }

            foreach (var anomaly in raised)
            {
                SpendInstruments.CountAnomaly(anomaly);
                if (_options.Logger is { } logger)
                {
                    SpendLog.LogAnomaly(logger, anomaly);
                }

                try
                {
                    _options.OnSpendAnomaly?.Invoke(anomaly);
                }
                catch (Exception)
                {
                    // A handler's failure must not stop the other alerts.
                }
            }

            return raised;
        }

        /// <summary>Every budget's projection from the ledger at <paramref name="now"/> (one query for all of them).</summary>
        public async Task<IReadOnlyList<BudgetForecast>> ForecastAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            if (_options.Forecast is not { Limits.Count: > 0 } forecast)
            {
                return Array.Empty<BudgetForecast>();
            }

            var (first, last) = BudgetForecaster.DaysNeeded(now, forecast);
            var dimensions = forecast.Limits.Select(l => SpendDimensions.Name(BudgetForecaster.DimensionOf(l.Scope))).Distinct().ToArray();
            var snapshot = new DailySpendSnapshot();
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(_sql.DailySql, connection);
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(first, DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.SpecifyKind(last.AddDays(1), DateTimeKind.Utc), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = dimensions });
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        snapshot.Add(ParseDimension(reader.GetString(0)), reader.GetString(1), reader.GetFieldValue<DateTime>(2), reader.GetDecimal(3));
                    }
                }
            }

            var forecasts = BudgetForecaster.ForecastAll(snapshot, forecast, now);
            _lastForecasts = forecasts;
            return forecasts;
        }

        /// <summary>Projects every budget and raises the alerts of projections that crossed their limit since this instance's last evaluation.</summary>
        public async Task<IReadOnlyList<BudgetForecastAlert>> EvaluateForecastsAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            var forecasts = await ForecastAsync(now, cancellationToken).ConfigureAwait(false);
            return _forecastAlerts is null ? Array.Empty<BudgetForecastAlert>() : _forecastAlerts.Update(forecasts);
        }

        /// <summary>
        /// Flushes and checks every <paramref name="interval"/> (and re-projects the budgets) until cancelled. Failures are
        /// logged and retried at the next interval; the queue is kept.
        /// </summary>
        public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await FlushAsync(cancellationToken).ConfigureAwait(false);
                    await EvaluateForecastsAsync(_options.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    if (_options.Logger is { } logger)
                    {
                        logger.LogError(new EventId(7105, "SpendLedgerFailed"), ex, "The spend ledger could not be written or checked; retrying in {Interval}", interval);
                    }
                }

                try
                {
                    await Task.Delay(interval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        /// <summary>Deletes ledger rows older than <paramref name="before"/> (keep at least five weeks for the baselines and the forecast).</summary>
        public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = new NpgsqlCommand(_sql.PurgeSql, connection);
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public ValueTask DisposeAsync()
        {
            _gauge?.Dispose();
            return _ownsDataSource ? _dataSource.DisposeAsync() : default;
        }

        public void Dispose()
        {
            _gauge?.Dispose();
            if (_ownsDataSource)
            {
                _dataSource.Dispose();
            }
        }

        internal string LedgerTable => _sql.Ledger;

        internal string AnomalyTable => _sql.Anomalies;

        private async Task WriteQueuedAsync(CancellationToken cancellationToken)
        {
            var rows = new List<Row>();
            while (_queue.TryDequeue(out var row))
            {
                rows.Add(row);
            }

            if (rows.Count == 0)
            {
                return;
            }

            try
            {
                var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    using var command = new NpgsqlCommand(_sql.InsertSql, connection);
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rows.Select(r => r.StartedAt.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                    command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = rows.Select(r => HourOf(r.StartedAt)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
                    command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = rows.Select(r => r.CostUsd).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
                    command.Parameters.Add(Texts(rows.Select(r => r.Feature)));
                    command.Parameters.Add(Texts(rows.Select(r => r.Team)));
                    command.Parameters.Add(Texts(rows.Select(r => r.Model)));
                    command.Parameters.Add(Texts(rows.Select(r => r.Tenant)));
                    command.Parameters.Add(Texts(rows.Select(r => r.User)));
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                // Not lost: the rows go back in the queue for the next flush.
                foreach (var row in rows)
                {
                    _queue.Enqueue(row);
                }

                throw;
            }
        }

        private static NpgsqlParameter Texts(IEnumerable<string?> values) =>
            new NpgsqlParameter<string?[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

        private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

        private static SpendDimension ParseDimension(string name) =>
            SpendDimensions.All.FirstOrDefault(d => SpendDimensions.Name(d) == name) is var d && SpendDimensions.Name(d) == name
                ? d
                : throw new FormatException("Unknown spend dimension '" + name + "' in the ledger.");

        private static SpendAnomalyKind ParseKind(string name) => name switch
        {
            "hour_vs_seasonal" => SpendAnomalyKind.HourVsSeasonal,
            "hour_vs_last_24h" => SpendAnomalyKind.HourVsLast24Hours,
            "day_vs_previous_days" => SpendAnomalyKind.DayVsPreviousDays,
            _ => throw new FormatException("Unknown anomaly kind '" + name + "' in the ledger."),
        };

        private readonly record struct Row(DateTimeOffset StartedAt, decimal CostUsd, string? Feature, string? Team, string? Model, string? Tenant, string? User);
    }
}
