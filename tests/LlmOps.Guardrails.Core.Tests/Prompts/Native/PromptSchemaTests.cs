using System.Text.Json;
using LlmOps.Guardrails.Core.Prompts.Native;

namespace LlmOps.Guardrails.Core.Tests.Prompts.Native;

/// <summary>The editor schema (prompt.schema.json) and the reader must agree on the keys.</summary>
public class PromptSchemaTests
{
    private static JsonElement Schema()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "core", "LlmOps.Guardrails.Core", "Prompts", "prompt.schema.json");
            if (File.Exists(path))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(path));
                return document.RootElement.Clone();
            }
        }

        throw new FileNotFoundException("prompt.schema.json not found above " + AppContext.BaseDirectory);
    }

    private static string[] Keys(JsonElement schemaObject) =>
        schemaObject.GetProperty("properties").EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    private static string[] Sorted(IEnumerable<string> keys) => keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Schema_keys_match_the_reader()
    {
        var schema = Schema();
        var properties = schema.GetProperty("properties");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.Equal(Sorted(PromptKeys.Root), Keys(schema));
        Assert.Equal(Sorted(PromptKeys.OwnerKeys), Keys(properties.GetProperty("owner")));
        Assert.Equal(Sorted(PromptKeys.ParameterKeys), Keys(properties.GetProperty("parameters")));
        Assert.Equal(Sorted(PromptKeys.TrafficKeys), Keys(properties.GetProperty("traffic")));
        Assert.Equal(Sorted(PromptKeys.MessageKeys), Keys(properties.GetProperty("messages").GetProperty("items")));
        Assert.Equal(
            Sorted(PromptKeys.Roles),
            Sorted(properties.GetProperty("messages").GetProperty("items").GetProperty("properties").GetProperty("role").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)));
    }
}
