using System.Text;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Tests.Config;

namespace LlmOps.Guardrails.Eval.Tests.Datasets;

public class DatasetReaderTests
{
    [Fact]
    public void Jsonl_broken_line_7_is_reported_at_its_line_and_column()
    {
        var result = DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "LLME110-broken-line-7.jsonl"));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(("LLME110", 7), (diagnostic.Code, diagnostic.Line));
        Assert.Equal(58, diagnostic.Column); // the 'b' of the unquoted billing
        Assert.Null(result.Dataset);
    }

    [Fact]
    public void Csv_unterminated_quote_points_at_the_opening_quote()
    {
        var diagnostic = Assert.Single(DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "LLME111-unterminated-quote.csv")).Diagnostics);
        Assert.Equal(("LLME111", 2, 3), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
    }

    [Fact]
    public void Duplicate_id_is_reported_at_the_second_naming_the_first()
    {
        var diagnostic = Assert.Single(DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "LLME112-duplicate-id.jsonl")).Diagnostics);
        Assert.Equal(3, diagnostic.Line);
        Assert.Contains("line 1", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_file_is_refused_with_a_size_limit_diagnostic()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llmops-huge-{Guid.NewGuid():N}.jsonl");
        try
        {
            var line = Encoding.UTF8.GetBytes("{\"id\": \"x\", \"vars\": {\"ticket\": \"" + new string('a', 1000) + "\"}}\n");
            using (var stream = File.Create(path))
            {
                while (stream.Length < 20L * 1024 * 1024)
                {
                    stream.Write(line);
                }
            }

            var before = GC.GetTotalMemory(false);
            var diagnostic = Assert.Single(DatasetReader.ReadFile(path).Diagnostics);
            Assert.Equal(EvalDiagnosticCodes.UnreadableFile, diagnostic.Code);
            Assert.Contains("limit", diagnostic.Message, StringComparison.Ordinal);
            Assert.Equal((1, 1), (diagnostic.Line, diagnostic.Column));
            Assert.True(GC.GetTotalMemory(false) - before < 5L * 1024 * 1024, "the file must not be loaded");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bom_and_crlf_jsonl_reads_every_field()
    {
        var result = DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "valid-bom-crlf.jsonl"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var cases = result.Dataset!.Cases;
        Assert.Equal(new[] { "r1", "r2" }, cases.Select(c => c.Id));
        Assert.Equal("Café, charged twice", cases[0].Variables["ticket"]);
        Assert.Equal("billing", cases[0].Expected);
        Assert.Equal(new[] { "critical" }, cases[0].Tags);
        var contains = Assert.Single(cases[1].Assertions);
        Assert.Equal(("icontains", AssertionMatch.Any), (contains.Type, contains.Match));
        Assert.Equal(new[] { "login", "account" }, contains.Values);
        Assert.Equal(2, cases[1].Line);
    }

    [Fact]
    public void Csv_reads_quotes_multiline_cells_tags_and_assert_columns()
    {
        var result = DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "valid-bom-crlf.csv"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var cases = result.Dataset!.Cases;
        Assert.Equal("Charged twice, \"again\"", cases[0].Variables["ticket"]);
        Assert.Equal(new[] { "critical", "billing" }, cases[0].Tags);
        Assert.Equal(new[] { "icontains", "length" }, cases[0].Assertions.Select(a => a.Type));
        Assert.Equal(200, cases[0].Assertions[1].Max);
        Assert.Null(cases[0].Assertions[1].Min);
        Assert.Equal("multi\r\nline", cases[1].Variables["ticket"]);
        Assert.Equal(10, Assert.Single(cases[1].Assertions).Min);
        Assert.Equal(3, cases[1].Line);
    }

    [Fact]
    public void Csv_cell_conventions_for_json_path_numeric_and_judge()
    {
        const string csv = "id,q,assert.json-path,assert.numeric,assert.judge,assert.is-json,assert.not-contains\n1,x,$.a.b[0]=42,3.5 +- 0.1,Is it polite?,true,sorry\n";
        var result = DatasetReader.Read("cases.csv", csv);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var a = result.Dataset!.Cases[0].Assertions;
        Assert.Equal(("$.a.b[0]", "42"), (a[0].Path, a[0].Value));
        Assert.Equal(("3.5", 0.1), (a[1].Value, a[1].Tolerance));
        Assert.Equal("Is it polite?", a[2].Rubric);
        Assert.Equal("is-json", a[3].Type);
        Assert.True(a[4].Negated);
        Assert.Equal("contains", a[4].BaseType);
    }

    [Fact]
    public void Yaml_dataset_reads_every_assertion_type()
    {
        var result = DatasetReader.ReadFile(CorpusAssert.Path("Datasets", "valid-cases.yaml"));
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var a = Assert.Single(result.Dataset!.Cases).Assertions;
        Assert.Equal(new[] { "is-json", "json-path", "json-schema", "numeric", "judge", "not-regex" }, a.Select(x => x.Type));
        Assert.Equal("\"billing\"", a[1].Value);
        Assert.Contains("\"required\":[\"category\"]", a[2].Value, StringComparison.Ordinal);
        Assert.Equal(0.8, a[4].Threshold);
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"assert\": [{\"type\": \"contains\", \"value\": \"x\", \"tolerance\": 1}]}", "LLME104")]
    [InlineData("{\"id\": \"a\", \"assert\": [{\"type\": \"contains\", \"value\": [\"x\"]}]}", "LLME103")]
    [InlineData("{\"id\": \"a\", \"assert\": [{\"type\": \"latency-max\"}]}", "LLME102")]
    [InlineData("{\"id\": \"a\", \"assert\": [{\"type\": \"not-cost-max\", \"value\": 1}]}", "LLME105")]
    [InlineData("{\"id\": \"a\", \"assert\": [{\"type\": \"json-path\", \"path\": \"a.b\", \"value\": 1}]}", "LLME103")]
    [InlineData("{\"id\": \"a\", \"vars\": {\"1bad\": \"x\"}}", "LLME103")]
    [InlineData("{\"id\": 5, \"vars\": {\"n\": 3, \"obj\": {\"k\": [1, 2]}}}", null)]
    public void Jsonl_case_checks(string line, string? code)
    {
        var result = DatasetReader.Read("cases.jsonl", line + "\n");
        if (code is null)
        {
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            Assert.Equal("{\"k\":[1,2]}", result.Dataset!.Cases[0].Variables["obj"]);
            Assert.Equal("3", result.Dataset.Cases[0].Variables["n"]);
        }
        else
        {
            Assert.Equal(code, result.Diagnostics[0].Code);
        }
    }

    [Fact]
    public void Unknown_extension_is_refused()
    {
        Assert.Equal("LLME103", Assert.Single(DatasetReader.Read("cases.txt", "x").Diagnostics).Code);
    }
}
