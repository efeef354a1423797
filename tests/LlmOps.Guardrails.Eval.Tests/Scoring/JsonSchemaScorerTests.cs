using LlmOps.Guardrails.Eval.Scoring;
using static LlmOps.Guardrails.Eval.Tests.Scoring.ScoringTestHelpers;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

public class JsonSchemaScorerTests
{
    private const string Ticket = """
        {
          "type": "object",
          "required": ["category", "priority", "tags"],
          "additionalProperties": false,
          "properties": {
            "category": { "type": "string", "enum": ["billing", "login", "other"] },
            "priority": { "type": "integer", "minimum": 1, "maximum": 5 },
            "summary": { "type": "string", "minLength": 3, "maxLength": 10 },
            "tags": { "type": "array", "items": { "type": "string", "pattern": "^[a-z]+$" }, "minItems": 1 },
            "owner": { "type": ["string", "null"] }
          }
        }
        """;

    private static Eval.Results.ScoreResult Check(string output, string type = "json-schema") =>
        Run(new ScorerSpec { Type = type, Value = Ticket }, output);

    [Theory]
    [InlineData("{\"category\":\"billing\",\"priority\":2,\"tags\":[\"refund\"]}")]
    [InlineData("{\"category\":\"other\",\"priority\":5,\"tags\":[\"a\",\"b\"],\"summary\":\"héllo\",\"owner\":null}")]
    [InlineData("```json\n{\"category\":\"login\",\"priority\":1.0,\"tags\":[\"x\"],\"owner\":\"ann\"}\n```")]
    [InlineData("{\"category\":\"login\",\"priority\":3,\"tags\":[\"x\"],\"summary\":\"👍🏽👍🏽👍🏽\"}")]
    public void Valid_instances_pass(string output)
    {
        var result = Check(output);
        Assert.True(result.Passed, result.Reason);
    }

    [Theory]
    [InlineData("{\"category\":\"sales\",\"priority\":2,\"tags\":[\"x\"]}", "/category: enum: \"sales\" is not one of billing, login, other")]
    [InlineData("{\"category\":\"billing\",\"priority\":2.5,\"tags\":[\"x\"]}", "/priority: type: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":9,\"tags\":[\"x\"]}", "/priority: maximum: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":0,\"tags\":[\"x\"]}", "/priority: minimum: ")]
    [InlineData("{\"category\":\"billing\",\"tags\":[\"x\"]}", "/: required: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[\"x\"],\"extra\":1}", "/extra: additionalProperties: property 'extra' is not allowed")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[\"ok\", \"Bad\"]}", "/tags/1: pattern: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[]}", "/tags: minItems: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[3]}", "/tags/0: type: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[\"x\"],\"summary\":\"ab\"}", "/summary: minLength: ")]
    [InlineData("{\"category\":\"billing\",\"priority\":1,\"tags\":[\"x\"],\"summary\":\"abcdefghijk\"}", "/summary: maxLength: ")]
    [InlineData("[1]", "/: type: ")]
    public void Invalid_instances_fail_with_a_pointer(string output, string expectedError)
    {
        var result = Check(output);
        Assert.False(result.Passed);
        Assert.False(result.Errored);
        Assert.Contains(expectedError, result.Reason);
    }

    [Fact]
    public void Several_errors_are_listed_and_capped()
    {
        var result = Check("{\"category\":1,\"priority\":\"x\",\"tags\":\"y\",\"a\":1,\"b\":2}");
        Assert.False(result.Passed);
        // 6 violations: category (type and enum), priority, tags, and the two extra properties; 3 are shown.
        Assert.Contains("(+3 more)", result.Reason);
    }

    [Fact]
    public void Not_json_output_fails_in_both_forms()
    {
        Assert.False(Check("nope").Passed);
        Assert.False(Check("nope", "not-json-schema").Passed);
    }

    [Fact]
    public void Not_json_schema_inverts()
    {
        Assert.True(Check("{\"category\":\"nope\"}", "not-json-schema").Passed);
        Assert.False(Check("{\"category\":\"billing\",\"priority\":2,\"tags\":[\"refund\"]}", "not-json-schema").Passed);
    }

    [Fact]
    public void Schema_from_a_dictionary_tree_and_nested_additional_properties()
    {
        var schema = new Dictionary<string, object>
        {
            ["type"] = "object",
            ["additionalProperties"] = new Dictionary<string, object> { ["type"] = "number" },
        };
        Assert.True(Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"a\":1,\"b\":2.5}").Passed);
        var bad = Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"a\":1,\"a~/b\":\"x\"}");
        Assert.Contains("/a~0~1b: type: ", bad.Reason);
    }

    [Fact]
    public void Schema_from_a_yaml_style_tree_with_object_keys()
    {
        var schema = new Dictionary<object, object>
        {
            ["type"] = "object",
            ["required"] = new List<object> { "id" },
            ["properties"] = new Dictionary<object, object> { ["id"] = new Dictionary<object, object> { ["type"] = "integer", ["minimum"] = 1 } },
        };
        Assert.True(Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"id\":3}").Passed);
        Assert.Contains("/id: minimum: ", Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"id\":0}").Reason);
        Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "json-schema", Value = new object() }));
    }

    [Fact]
    public void Const_and_boolean_schemas()
    {
        const string schema = "{\"properties\":{\"v\":{\"const\":{\"x\":[1,2]}},\"never\":false}}";
        Assert.True(Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"v\":{\"x\":[1,2.0]}}").Passed);
        Assert.Contains("/never: properties: no value is allowed here", Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"never\":1}").Reason);
    }

    [Theory]
    [InlineData("{\"type\":\"strng\"}", "the schema is not usable")]
    [InlineData("{\"properties\":{\"a\":{\"$ref\":\"#/$defs/missing\"}}}", "$ref '#/$defs/missing' points to nothing")]
    [InlineData("{\"required\":\"a\"}", "the schema is not usable")]
    [InlineData("{\"minLength\":-1}", "the schema is not usable")]
    [InlineData("{\"pattern\":\"(\"}", "the schema is not usable")]
    [InlineData("{\"$schema\":\"http://json-schema.org/draft-04/schema#\",\"type\":\"string\"}", "the schema is not usable")]
    [InlineData("{not json", "the schema is not valid JSON")]
    [InlineData("42", "must be an object or a boolean")]
    public void Bad_schemas_are_spec_errors(string schema, string expected)
    {
        var ex = Assert.Throws<ScorerSpecException>(() => ScorerFactory.Create(new ScorerSpec { Type = "json-schema", Value = schema }));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Format_is_an_annotation_unless_formats_is_set()
    {
        const string schema = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\"t\",\"type\":\"object\",\"properties\":{\"email\":{\"type\":\"string\",\"format\":\"email\"}}}";
        Assert.True(Run(new ScorerSpec { Type = "json-schema", Value = schema }, "{\"email\":\"not an email\"}").Passed);
        var strict = Run(new ScorerSpec { Type = "json-schema", Value = schema, Formats = true }, "{\"email\":\"not an email\"}");
        Assert.False(strict.Passed);
        Assert.Contains("/email: format: ", strict.Reason);
        Assert.True(Run(new ScorerSpec { Type = "json-schema", Value = schema, Formats = true }, "{\"email\":\"ana@example.com\"}").Passed);
    }

    [Fact]
    public void The_deepest_failing_value_and_its_keyword_lead_the_reason()
    {
        var schema = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scoring", "Corpus", "JsonSchema", "openai-strict.json"));
        var value = System.Text.Json.JsonDocument.Parse(schema).RootElement.GetProperty("schema").GetRawText();
        const string output = "{\"summary\":\"s\",\"priority\":\"low\",\"items\":[{\"sku\":\"A\",\"quantity\":1,\"priority\":\"normal\"},{\"sku\":\"B\",\"quantity\":1,\"priority\":\"normal\"},{\"sku\":\"C\",\"quantity\":1,\"priority\":\"urgent\"}],\"contact\":null}";
        var result = Run(new ScorerSpec { Type = "json-schema", Value = value }, output);
        Assert.False(result.Passed);
        Assert.StartsWith("schema violation: /items/2/priority: enum: \"urgent\" is not one of low, normal, high", result.Reason, StringComparison.Ordinal);
    }
}
