using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Eval.Results;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>
/// Writes the imported suite in the native layout: <c>llmops.eval.yaml</c>, <c>prompts/&lt;id&gt;.prompt.yaml</c>,
/// <c>datasets/&lt;id&gt;.jsonl</c> (every prompt gets every test, as in promptfoo) and the report. Every file is
/// written through a temporary file and a rename.
/// </summary>
internal static class ImportWriter
{
    /// <summary>The output cap written when promptfoo's provider config sets none (the native format requires one).</summary>
    public const int DefaultMaxOutputTokens = 1024;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes every file; <paramref name="cassettes"/>, when given, is the config's <c>cassettes</c> folder (relative to the out folder).</summary>
    public static List<string> Write(ImportedSuite suite, string outFolder, string reportText, string? cassettes = null)
    {
        var written = new List<string>();
        void Save(string relative, string text)
        {
            var path = Path.Combine(outFolder, relative);
            AtomicFile.Write(path, stream =>
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
            });
            written.Add(path);
        }

        var model = suite.Models.Count > 0 ? suite.Models[0] : ((string Vendor, string Model)?)null;
        var dataset = Dataset(suite);
        foreach (var prompt in suite.Prompts)
        {
            if (model is { } m)
            {
                Save($"prompts/{prompt.Id}.prompt.yaml", PromptFile(prompt, m.Model, suite));
            }

            Save($"datasets/{prompt.Id}.jsonl", dataset);
        }

        Save("llmops.eval.yaml", Config(suite, model, cassettes));
        Save(ImportReport.FileName, reportText);
        return written;
    }

    private static string Q(string text) => JsonSerializer.Serialize(text, Json);

    private static string PromptFile(ImportedPrompt prompt, string model, ImportedSuite suite)
    {
        var text = new StringBuilder();
        text.Append("# Imported from promptfoo by `dotnet eval import promptfoo`.\n");
        text.Append("id: ").Append(prompt.Id).Append('\n');
        text.Append("model: ").Append(Q(model)).Append('\n');
        text.Append("parameters:\n  max_output_tokens: ").Append(suite.MaxOutputTokens ?? DefaultMaxOutputTokens).Append('\n');
        if (prompt.Variables.Count > 0)
        {
            text.Append("variables:\n");
            var first = suite.Cases.FirstOrDefault();
            foreach (var name in prompt.Variables)
            {
                var sample = first is not null && first.Vars.TryGetValue(name, out var v) ? PromptfooTestReader.TextOf(v) : string.Empty;
                text.Append("  ").Append(name).Append(": { sample: ").Append(Q(sample)).Append(" }\n");
            }
        }

        text.Append("messages:\n");
        foreach (var (role, content) in prompt.Messages)
        {
            text.Append("  - role: ").Append(role).Append('\n');
            text.Append("    content: ").Append(Q(content)).Append('\n');
        }

        return text.ToString();
    }

    private static string Dataset(ImportedSuite suite)
    {
        var text = new StringBuilder();
        foreach (var c in suite.Cases)
        {
            var line = new JsonObject { ["id"] = c.Id };
            if (c.Description is not null) line["description"] = c.Description;
            var vars = new JsonObject();
            foreach (var (name, value) in c.Vars) vars[name] = value?.DeepClone();
            line["vars"] = vars;
            line["assert"] = new JsonArray(c.Assertions.Select(a => (JsonNode?)a.DeepClone()).ToArray());
            text.Append(line.ToJsonString(Json)).Append('\n');
        }

        return text.ToString();
    }

    private static string Config(ImportedSuite suite, (string Vendor, string Model)? model, string? cassettes)
    {
        var text = new StringBuilder();
        text.Append("# Imported from promptfoo by `dotnet eval import promptfoo`; see ").Append(ImportReport.FileName).Append(" for what was not mapped.\n");
        text.Append("prompts: [\"prompts/*.prompt.yaml\"]\n");
        text.Append("datasets: \"datasets/{id}.jsonl\"\n");
        text.Append("providers:\n");
        var baseUrl = suite.BaseUrl is null ? string.Empty : ", base_url: " + Q(suite.BaseUrl);
        text.Append(model?.Vendor switch
        {
            "openai" => $"  default: {{ type: openai, api_key_env: {suite.ApiKeyVariable ?? "OPENAI_API_KEY"}{baseUrl} }}\n",
            "anthropic" => $"  default: {{ type: anthropic, api_key_env: {suite.ApiKeyVariable ?? "ANTHROPIC_API_KEY"}{baseUrl} }}\n",
            _ => "  default: { type: replay }\n",
        });
        if (cassettes is not null)
        {
            text.Append("cassettes: ").Append(Q(cassettes)).Append('\n');
        }
        var usesJudge = suite.Cases.Any(c => c.Assertions.Any(a => (string?)a["type"] == "judge" && !a.ContainsKey("disabled")));
        if (usesJudge && model is { } m)
        {
            text.Append("judge: { model: ").Append(Q(m.Model)).Append(", provider: default }\n");
        }

        return text.ToString();
    }
}
