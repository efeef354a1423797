using System.Text.Json;
using LlmOps.Guardrails.Eval.Scoring;
using static LlmOps.Guardrails.Eval.Tests.Scoring.ScoringTestHelpers;

namespace LlmOps.Guardrails.Eval.Tests.Scoring;

/// <summary>
/// The hand-judged corpus under Corpus/JsonSchema: each file holds a schema and instances with the verdict a reader of
/// the spec gives them; the json-schema assertion must give the same, one test per instance.
/// </summary>
public class JsonSchemaCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Scoring", "Corpus", "JsonSchema");

    public static TheoryData<string, string> Instances()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var instance in document.RootElement.GetProperty("cases").EnumerateArray())
            {
                data.Add(Path.GetFileNameWithoutExtension(file), instance.GetProperty("name").GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Each_instance_gets_its_verdict(string file, string instance)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file + ".json")));
        var schema = document.RootElement.GetProperty("schema").GetRawText();
        var testCase = document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == instance);
        var valid = testCase.GetProperty("valid").GetBoolean();

        var result = Run(new ScorerSpec { Type = "json-schema", Value = schema }, testCase.GetProperty("data").GetRawText());

        Assert.False(result.Errored, result.Reason);
        Assert.True(valid == result.Passed, $"{file} / {instance}: expected {(valid ? "valid" : "invalid")}, got: {result.Reason}");
        if (!valid)
        {
            Assert.StartsWith("schema violation: /", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_corpus_covers_the_keywords_structured_outputs_use()
    {
        var text = string.Concat(Directory.GetFiles(Folder, "*.json").Select(File.ReadAllText));
        foreach (var keyword in new[]
                 {
                     "\"$defs\"", "\"$ref\"", "\"anyOf\"", "\"oneOf\"", "\"allOf\"", "\"null\"", "\"enum\"", "\"const\"", "\"additionalProperties\": false",
                     "\"prefixItems\"", "\"patternProperties\"", "\"if\"", "\"then\"", "\"else\"", "\"definitions\"", "draft-07",
                 })
        {
            Assert.Contains(keyword, text);
        }
    }
}
