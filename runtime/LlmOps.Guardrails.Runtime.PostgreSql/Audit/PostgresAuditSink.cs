using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using Npgsql;
using NpgsqlTypes;

namespace LlmOps.Guardrails.Runtime.PostgreSql.Audit
{
    /// <summary>
    /// The audit trail in one PostgreSQL table, shared by every instance pointing at it. Each append is one transaction
    /// that takes a transaction-scoped advisory lock, reads the chain head (the row with the highest seq) and inserts
    /// the batch after it, so concurrent writers form one chain. Each row holds the record's line exactly as the JSONL
    /// sink would write it (<c>record</c>, verifiable with <c>dotnet eval audit verify</c> once exported) and the fields
    /// worth querying as columns; <see cref="VerifyAsync"/> checks both.
    /// </summary>
    /// <remarks>Call <see cref="EnsureSchemaAsync"/> once at startup (idempotent, safe from several instances at once).</remarks>
    public sealed class PostgresAuditSink : IAuditSink, IAsyncDisposable, IDisposable
    {
        // Distinct from the budget store's schema lock; one chain per database and schema.
        private const long SchemaLockKey = 7311043113;
        private const long ChainLockKey = 7311043114;

        private readonly NpgsqlDataSource _dataSource;
        private readonly bool _ownsDataSource;
        private readonly string _schema;
        private readonly string _table;
        private readonly string _insertSql;

        /// <summary>A sink on <paramref name="connectionString"/> (the sink owns and disposes its connection pool).</summary>
        /// <param name="connectionString">An Npgsql connection string. Never logged.</param>
        /// <param name="schema">The PostgreSQL schema of the table; <c>public</c> by default.</param>
        public PostgresAuditSink(string connectionString, string schema = "public")
            : this(NpgsqlDataSource.Create(connectionString ?? throw new ArgumentNullException(nameof(connectionString))), schema, ownsDataSource: true)
        {
        }

        /// <summary>A sink on an existing data source, which the caller keeps and disposes.</summary>
        public PostgresAuditSink(NpgsqlDataSource dataSource, string schema = "public")
            : this(dataSource, schema, ownsDataSource: false)
        {
        }

        private PostgresAuditSink(NpgsqlDataSource dataSource, string schema, bool ownsDataSource)
        {
            _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
            _ownsDataSource = ownsDataSource;
            _schema = PostgresIdentifiers.Quote(schema);
            _table = _schema + ".llmops_audit_log";
            _insertSql =
                $"INSERT INTO {_table} (seq, time, feature, team, tenant, user_id, prompt_id, prompt_version, request_model, response_model, " +
                "outcome, error_type, input_tokens, output_tokens, cost_usd, input_hash, output_hash, record, prev, hash) " +
                "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";
        }

        /// <summary>The table's qualified name.</summary>
        public string TableName => _table;

        /// <summary>The DDL <see cref="EnsureSchemaAsync"/> runs.</summary>
        public string SchemaSql =>
            $"CREATE SCHEMA IF NOT EXISTS {_schema};\n" +
            $"CREATE TABLE IF NOT EXISTS {_table} (\n" +
            "    seq             bigint      PRIMARY KEY,      -- 1, 2, 3, ... one chain per table\n" +
            "    time            timestamptz NOT NULL,         -- when the call started\n" +
            "    feature         text,\n" +
            "    team            text,\n" +
            "    tenant          text,\n" +
            "    user_id         text,\n" +
            "    prompt_id       text,\n" +
            "    prompt_version  text,\n" +
            "    request_model   text,\n" +
            "    response_model  text,\n" +
            "    outcome         text        NOT NULL,\n" +
            "    error_type      text,\n" +
            "    input_tokens    bigint,\n" +
            "    output_tokens   bigint,\n" +
            "    cost_usd        numeric,\n" +
            "    input_hash      text        NOT NULL,\n" +
            "    output_hash     text,\n" +
            "    record          text        NOT NULL,         -- the record's JSON line, as hashed\n" +
            "    prev            text,                         -- hash of the record seq - 1; null for seq 1\n" +
            "    hash            text        NOT NULL,\n" +
            "    written_at      timestamptz NOT NULL DEFAULT now()\n" +
            ");\n" +
            $"CREATE INDEX IF NOT EXISTS llmops_audit_log_time ON {_table} (time);\n";

        /// <summary>Creates the schema and the table when missing.</summary>
        public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: serialize instances.
                    await ExecuteAsync($"SELECT pg_advisory_xact_lock({SchemaLockKey})", connection, transaction, cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(SchemaSql, connection, transaction, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            if (records is null) throw new ArgumentNullException(nameof(records));
            if (records.Count == 0) return;
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // One writer at a time per chain, across instances: released at commit or rollback.
                    await ExecuteAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", connection, transaction, cancellationToken).ConfigureAwait(false);
                    long seq = 0;
                    string? prev = null;
                    using (var head = new NpgsqlCommand($"SELECT seq, hash FROM {_table} ORDER BY seq DESC LIMIT 1", connection, transaction))
                    {
                        var reader = await head.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                seq = reader.GetInt64(0);
                                prev = reader.GetString(1);
                            }
                        }
                    }

                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        foreach (var record in records)
                        {
                            var line = AuditChain.Seal(record, ++seq, prev);
                            batch.BatchCommands.Add(InsertCommand(record, line));
                            prev = record.Hash;
                        }

                        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Follows the chain in seq order and checks each row: its record against its hash, its link to the row before,
        /// and its columns against its record (a column edited in SQL is found too).
        /// </summary>
        /// <param name="allowPrunedStart">Accept a table whose first row is not seq 1 (old rows deleted by retention).</param>
        public async Task<AuditVerification> VerifyAsync(bool allowPrunedStart = false, CancellationToken cancellationToken = default)
        {
            var seqs = new HashSet<long>();
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using (var command = new NpgsqlCommand($"SELECT record FROM {_table}", connection))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            if (AuditChain.Read(reader.GetString(0), out _) is { } link) seqs.Add(link.Seq);
                        }
                    }
                }

                var walker = new AuditChainWalker(seqs, allowPrunedStart);
                using (var command = new NpgsqlCommand(AuditRowCheck.SelectSql(_table), connection))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        long row = 0;
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            row++;
                            var broken = AuditRowCheck.Check(reader, _table, row, walker);
                            if (broken is not null)
                            {
                                return new AuditVerification(walker.Records, 0, walker.FirstTime, walker.LastTime, walker.FirstSeq, broken);
                            }
                        }
                    }
                }

                return new AuditVerification(walker.Records, 0, walker.FirstTime, walker.LastTime, walker.FirstSeq, null);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_ownsDataSource) await _dataSource.DisposeAsync().ConfigureAwait(false);
        }

        public void Dispose()
        {
            if (_ownsDataSource) _dataSource.Dispose();
        }

        private NpgsqlBatchCommand InsertCommand(AuditRecord record, string line)
        {
            var command = new NpgsqlBatchCommand(_insertSql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<long> { TypedValue = record.Seq });
            p.Add(new NpgsqlParameter<DateTime> { TypedValue = record.Time.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            p.Add(Text(record.Feature));
            p.Add(Text(record.Team));
            p.Add(Text(record.Tenant));
            p.Add(Text(record.User));
            p.Add(Text(record.PromptId));
            p.Add(Text(record.PromptVersion));
            p.Add(Text(record.RequestModel));
            p.Add(Text(record.ResponseModel));
            p.Add(Text(record.Outcome));
            p.Add(Text(record.ErrorType));
            p.Add(new NpgsqlParameter { Value = (object?)record.InputTokens ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            p.Add(new NpgsqlParameter { Value = (object?)record.OutputTokens ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
            p.Add(new NpgsqlParameter { Value = (object?)record.CostUsd ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
            p.Add(Text(record.InputHash));
            p.Add(Text(record.OutputHash));
            p.Add(Text(line));
            p.Add(Text(record.Prev));
            p.Add(Text(record.Hash));
            return command;
        }

        private static NpgsqlParameter Text(string? value) => new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

        private static async Task ExecuteAsync(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
