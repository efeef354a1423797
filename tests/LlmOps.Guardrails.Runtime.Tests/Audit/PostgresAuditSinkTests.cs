using LlmOps.Guardrails.Runtime.PostgreSql.Audit;
using LlmOps.Guardrails.Runtime.Signals.Audit;
using LlmOps.Guardrails.Runtime.Tests.Budgets;
using LlmOps.Guardrails.Tests.Shared;
using Npgsql;

namespace LlmOps.Guardrails.Runtime.Tests.Audit;

[Collection(PostgresCollection.Name)]
[RequiresSharedFixture(typeof(PostgresServerFixture))]
public class PostgresAuditSinkTests(PostgresServerFixture server)
{
    [Fact]
    public async Task Two_instances_writing_at_once_form_one_chain()
    {
        var schema = "audit_" + Guid.NewGuid().ToString("N")[..10];
        await using var first = new PostgresAuditSink(server.ConnectionString, schema);
        await using var second = new PostgresAuditSink(server.ConnectionString, schema);
        await Task.WhenAll(first.EnsureSchemaAsync(), second.EnsureSchemaAsync());

        await Task.WhenAll(WriteBatches(first, 0), WriteBatches(second, 1000));

        var result = await first.VerifyAsync();
        Assert.True(result.IsIntact, result.FirstBreak?.ToString());
        Assert.Equal(2 * 20 * 3, result.Records);
    }

    [Fact]
    public async Task An_edited_column_a_deleted_row_and_an_edited_record_are_found()
    {
        var schema = "audit_" + Guid.NewGuid().ToString("N")[..10];
        await using var sink = new PostgresAuditSink(server.ConnectionString, schema);
        await sink.EnsureSchemaAsync();
        await AuditTestKit.WriteAsync(sink, 1, 6);
        Assert.True((await sink.VerifyAsync()).IsIntact);

        await Sql($"UPDATE {sink.TableName} SET cost_usd = 0 WHERE seq = 2");
        var edited = (await sink.VerifyAsync()).FirstBreak!;
        Assert.Equal((AuditBreakKind.Edited, 2L), (edited.Kind, edited.Seq!.Value));
        Assert.Contains("cost_usd", edited.Message);

        await Sql($"DELETE FROM {sink.TableName} WHERE seq = 2");
        var removed = (await sink.VerifyAsync()).FirstBreak!;
        Assert.Equal((AuditBreakKind.Removed, 3L), (removed.Kind, removed.Seq!.Value));

        await Sql($"UPDATE {sink.TableName} SET record = replace(record, '\"outcome\":\"succeeded\"', '\"outcome\":\"failed\"') WHERE seq = 1");
        var recordEdited = (await sink.VerifyAsync()).FirstBreak!;
        Assert.Equal((AuditBreakKind.Edited, 1L), (recordEdited.Kind, recordEdited.Seq!.Value));
    }

    private static async Task WriteBatches(PostgresAuditSink sink, int offset)
    {
        for (var batch = 0; batch < 20; batch++)
        {
            var records = Enumerable.Range(0, 3).Select(i => AuditRecord.From(AuditTestKit.Call(offset + batch * 3 + i), includeText: false)).ToList();
            await sink.AppendAsync(records);
        }
    }

    private async Task Sql(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
