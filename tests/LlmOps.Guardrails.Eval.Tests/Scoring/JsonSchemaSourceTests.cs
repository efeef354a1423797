using LlmOps.Guardrails.Eval.Datasets;
using LlmOps.Guardrails.Eval.Execution;
using LlmOps.Guardrails.Eval.Scoring;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

/// <summary>Where a json-schema assertion's schema comes from: a file, a .NET type, inline; and `formats`.</summary>
public sealed class JsonSchemaSourceTests : IDisposable
{
    private const string TicketType = "LlmOps.Guardrails.Eval.Tests.Scoring.SupportTicket, LlmOps.Guardrails.Eval.Tests";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "llmops-schema-" + Guid.NewGuid().ToString("N"));

    public JsonSchemaSourceTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_schema_file_is_read_relative_to_the_dataset_comments_and_trailing_commas_allowed()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "schemas"));
        File.WriteAllText(Path.Combine(_folder, "schemas", "reply.json"), "{\n  // what the reply holds\n  \"type\":\"object\",\"required\":[\"answer\"],\"properties\":{\"answer\":{\"type\":\"string\"}},\n}");
        var assertion = SingleAssertion("value: { file: schemas/reply.json }");

        Assert.True(Score(assertion, "{\"answer\":\"yes\"}").Passed);
        Assert.Contains("/: required: ", Score(assertion, "{\"reply\":\"yes\"}").Reason);
    }

    [Fact]
    public void A_missing_schema_file_is_an_error_at_its_line_and_column()
    {
        var diagnostic = Assert.Single(Read("value: { file: schemas/none.json }").Diagnostics);
        Assert.Equal(("LLME123", 4, 22), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.Contains(Path.Combine(_folder, "schemas", "none.json"), diagnostic.Message);
        Assert.Contains("does not exist", diagnostic.Message);
    }

    [Fact]
    public void A_schema_file_that_is_not_json_names_its_own_line()
    {
        File.WriteAllText(Path.Combine(_folder, "bad.json"), "{\n  \"type\": \"object\",\n  oops\n}");
        var diagnostic = Assert.Single(Read("value: { file: bad.json }").Diagnostics);
        Assert.Equal("LLME123", diagnostic.Code);
        Assert.Contains("bad.json(3,", diagnostic.Message);
    }

    [Fact]
    public void An_unusable_inline_schema_is_an_error_at_its_line()
    {
        var diagnostic = Assert.Single(Read("value: { properties: { a: { $ref: \"#/$defs/missing\" } } }").Diagnostics);
        Assert.Equal(("LLME123", 4), (diagnostic.Code, diagnostic.Line));
        Assert.Contains("#/$defs/missing", diagnostic.Message);
    }

    [Fact]
    public void A_type_is_found_in_the_assembly_named_by_the_assembly_option()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "LlmOps.Guardrails.Eval.Tests.dll");
        var assertion = SingleAssertion($"value: {{ type: \"{TicketType}\", assembly: \"{dll}\" }}");

        Assert.True(Score(assertion, "{\"summary\":\"s\",\"priority\":\"Low\",\"lines\":[],\"contact\":null,\"estimateMinutes\":null}").Passed);
        Assert.Contains("/priority: enum: \"Urgent\" is not one of Low, Normal, High",
            Score(assertion, "{\"summary\":\"s\",\"priority\":\"Urgent\",\"lines\":[],\"contact\":null,\"estimateMinutes\":null}").Reason);
    }

    [Fact]
    public void A_type_is_found_in_the_assembly_next_to_the_dataset()
    {
        // The test assembly's own folder holds LlmOps.Guardrails.Eval.Tests.dll.
        var path = Path.Combine(AppContext.BaseDirectory, $"schema-type-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, Dataset($"value: {{ type: \"{TicketType}\" }}"));
            var result = DatasetReader.ReadFile(path);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
            var assertion = Assert.Single(result.Dataset!.Cases[0].Assertions);
            Assert.False(Score(assertion, "{\"summary\":1}").Passed);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("value: { type: \"No.Such.Type, LlmOps.Guardrails.Eval.Tests\", assembly: ASSEMBLY }", "has no type 'No.Such.Type'")]
    [InlineData("value: { type: \"MyApp.Ticket, MyApp\" }", "MyApp.dll does not exist")]
    public void A_type_that_cannot_be_found_is_an_error_at_its_line(string value, string expected)
    {
        value = value.Replace("ASSEMBLY", "\"" + Path.Combine(AppContext.BaseDirectory, "LlmOps.Guardrails.Eval.Tests.dll") + "\"");
        var diagnostic = Assert.Single(Read(value).Diagnostics);
        Assert.Equal(("LLME123", 4), (diagnostic.Code, diagnostic.Line));
        Assert.Contains(expected, diagnostic.Message);
    }

    [Fact]
    public void Formats_is_read_and_turns_format_into_an_assertion()
    {
        const string schema = "value: { type: object, properties: { email: { type: string, format: email } } }";
        var loose = SingleAssertion(schema);
        var strict = SingleAssertion(schema + "\n      formats: true");

        Assert.False(loose.Formats);
        Assert.True(strict.Formats);
        Assert.True(Score(loose, "{\"email\":\"not an email\"}").Passed);
        Assert.Contains("/email: format: ", Score(strict, "{\"email\":\"not an email\"}").Reason);
        Assert.NotEqual(
            AssertionMapping.Fingerprint(new EvalCase { Id = "a", Assertions = new[] { loose } }, Array.Empty<AssertionSpec>()),
            AssertionMapping.Fingerprint(new EvalCase { Id = "a", Assertions = new[] { strict } }, Array.Empty<AssertionSpec>()));
    }

    [Fact]
    public void Formats_must_be_a_boolean()
    {
        var diagnostic = Assert.Single(Read("value: { type: object }\n      formats: yes-please").Diagnostics);
        Assert.Equal(("LLME103", 5), (diagnostic.Code, diagnostic.Line));
    }

    private static string Dataset(string assertionBody) => $"- id: a\n  assert:\n    - type: json-schema\n      {assertionBody}\n";

    private EvalDatasetResult Read(string assertionBody)
    {
        var path = Path.Combine(_folder, "cases.yaml");
        File.WriteAllText(path, Dataset(assertionBody));
        return DatasetReader.ReadFile(path);
    }

    private AssertionSpec SingleAssertion(string assertionBody)
    {
        var result = Read(assertionBody);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Dataset!.Cases[0].Assertions);
    }

    private static Eval.Results.ScoreResult Score(AssertionSpec assertion, string output) =>
        ScoringTestHelpers.Run(AssertionMapping.ToScorerSpec(assertion, null), output);
}
