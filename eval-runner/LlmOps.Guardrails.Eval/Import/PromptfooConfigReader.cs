using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>The import's input: the suite in native terms, or the diagnostics that stopped it (exit 3).</summary>
internal sealed record PromptfooReadResult(ImportedSuite? Suite, IReadOnlyList<EvalDiagnostic> Diagnostics);

/// <summary>
/// Reads a promptfoo config (<c>prompts</c>, <c>providers</c>, <c>tests</c>, <c>defaultTest</c>) through the product's one
/// YAML layer. Shape errors are LLME124 at file(line,col); what has no native form becomes a report entry instead.
/// </summary>
internal static partial class PromptfooConfigReader
{
    /// <summary>Provider prefixes whose id names a model: <c>openai:gpt-4o-mini</c>, <c>anthropic:messages:claude-…</c>.</summary>
    private static readonly string[] ModelVendors = { "openai", "anthropic", "google", "vertex", "mistral", "groq", "ollama", "openrouter", "bedrock", "deepseek", "xai" };

    private static readonly string[] ApiKinds = { "chat", "messages", "completion", "responses" };

    /// <summary>Top-level keys that only steer promptfoo's own runner or output; they carry no test meaning.</summary>
    private static readonly string[] RunnerKeys = { "description", "outputPath", "sharing", "evaluateOptions", "env", "commandLineOptions", "writeLatestResults", "tags", "metadata" };

    [GeneratedRegex("[^a-z0-9._-]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NotIdChars();

    /// <summary>True when a YAML root looks like a promptfoo config rather than an llmops.eval.yaml (a <c>tests</c> or <c>defaultTest</c> key, or providers as a list).</summary>
    public static bool LooksLikePromptfoo(YNode? root) =>
        root is YMapping m && (m.Find("tests") is not null || m.Find("defaultTest") is not null || m.Find("providers")?.Value is YSequence);

    /// <summary>True when the file parses as YAML and looks like a promptfoo config (what <c>compare --config</c> checks).</summary>
    public static bool IsPromptfooFile(string path)
    {
        var diagnostics = new List<EvalDiagnostic>();
        var text = SourceText.Load(Path.GetFullPath(path), 1024 * 1024, "config", diagnostics);
        return text is not null && LooksLikePromptfoo(EvalYaml.Read(text, path, diagnostics));
    }

    public static PromptfooReadResult ReadFile(string path)
    {
        var diagnostics = new List<EvalDiagnostic>();
        var full = Path.GetFullPath(path);
        var text = SourceText.Load(full, 1024 * 1024, "promptfoo config", diagnostics);
        if (text is null)
        {
            return new PromptfooReadResult(null, diagnostics);
        }

        var root = EvalYaml.Read(text, full, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new PromptfooReadResult(null, diagnostics);
        }

        var reader = new NodeReader(full, diagnostics);
        if (root is not YMapping top)
        {
            reader.Report(EvalDiagnosticCodes.PromptfooConfig, root ?? new YScalar(new SourcePosition(1, 1), string.Empty, YScalarType.Plain),
                $"A promptfoo config is a mapping with 'prompts', 'providers' and 'tests', not {(root is null ? "an empty file" : root.KindName())}. Check that this is the promptfooconfig.yaml.");
            return new PromptfooReadResult(null, diagnostics);
        }

        var files = new PromptfooFiles(Path.GetDirectoryName(full)!, reader);
        var suite = new ImportedSuite();
        ReadPrompts(reader, files, top, suite);
        ReadProviders(reader, top, suite);
        new PromptfooTestReader(reader, files, suite).Read(top);
        FillUnsetVariables(suite);
        if (suite.Cases.Count == 0)
        {
            suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "config", "tests", "the config has no tests, so the datasets are empty and compare refuses them (LLME114); add tests and import again"));
        }

        foreach (var entry in top.Entries.Where(e => e.Key.Value is not ("prompts" or "providers" or "tests" or "defaultTest" or "scenarios") && !RunnerKeys.Contains(e.Key.Value)))
        {
            suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "config", entry.Key.Value, $"the top-level key '{entry.Key.Value}' has no native counterpart"));
        }

        if (suite.Models.Count == 0)
        {
            // Without a model no prompt file can be written: say so instead of listing the prompts as mapped.
            suite.Entries.RemoveAll(e => e.Outcome == ImportOutcome.Mapped && e.Subject.StartsWith("prompt ", StringComparison.Ordinal));
            foreach (var prompt in suite.Prompts)
            {
                suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "prompt " + prompt.Id, "model", "no provider names a model, so no prompt file is written; add providers: [openai:<model>] and import again"));
            }
        }

        if (top.Find("scenarios") is not null)
        {
            suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "config", "scenarios", "scenarios combine test sets; import each as its own tests list"));
        }

        return diagnostics.Count > 0 ? new PromptfooReadResult(null, diagnostics) : new PromptfooReadResult(suite, diagnostics);
    }

    /// <summary>
    /// promptfoo renders a var a test does not set as empty text; the native runner refuses a case without it, so the
    /// case gets it explicitly, empty, which renders the same prompt.
    /// </summary>
    private static void FillUnsetVariables(ImportedSuite suite)
    {
        var names = suite.Prompts.SelectMany(p => p.Variables).Distinct(StringComparer.Ordinal).ToList();
        for (var i = 0; i < suite.Cases.Count; i++)
        {
            var missing = names.Where(n => !suite.Cases[i].Vars.ContainsKey(n)).ToList();
            if (missing.Count == 0) continue;
            var vars = suite.Cases[i].Vars.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            foreach (var name in missing) vars[name] = System.Text.Json.Nodes.JsonValue.Create(string.Empty);
            suite.Cases[i] = suite.Cases[i] with { Vars = vars };
        }
    }

    private static void ReadPrompts(NodeReader reader, PromptfooFiles files, YMapping top, ImportedSuite suite)
    {
        var node = reader.Get(top, "prompts");
        if (NodeReader.IsUnset(node))
        {
            reader.Report(EvalDiagnosticCodes.PromptfooConfig, reader.KeyOf(top, "prompts") ?? (YNode)top, "The promptfoo config has no 'prompts'. Add at least one prompt (text or file://path).");
            return;
        }

        var items = node is YSequence list ? list.Items : new List<YNode> { node! };
        foreach (var item in items)
        {
            string? raw = null, label = null;
            if (item is YScalar { IsNull: false } scalar)
            {
                raw = scalar.Value;
            }
            else if (item is YMapping mapping)
            {
                raw = (reader.Get(mapping, "raw") ?? reader.Get(mapping, "id")) is YScalar r ? r.Value : null;
                label = reader.Get(mapping, "label") is YScalar l ? l.Value : null;
            }

            if (raw is null)
            {
                reader.Report(EvalDiagnosticCodes.PromptfooConfig, item, $"A prompt must be text, file://path or {{ id/raw, label }}, not {item.KindName()}. Fix this entry of 'prompts'.");
                continue;
            }

            if (!PromptfooFiles.IsReference(raw))
            {
                AddPrompt(suite, label ?? "prompt-" + (suite.Prompts.Count + 1), new[] { ("user", raw) }, "inline prompt");
                continue;
            }

            foreach (var path in files.Resolve(raw, item, "prompt"))
            {
                ReadPromptFile(files, path, label, suite);
            }
        }
    }

    private static void ReadPromptFile(PromptfooFiles files, string path, string? label, ImportedSuite suite)
    {
        var name = label ?? Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".txt" or ".md" or ".json" or ".j2" or ".njk"))
        {
            suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "prompt " + files.Relative(path), string.Empty, $"{extension} prompts are built by code; write the prompt's text as a .prompt.yaml by hand"));
            return;
        }

        if (files.Load(path) is not { } text)
        {
            return;
        }

        if (extension == ".json")
        {
            if (ChatMessages(text) is { } messages)
            {
                AddPrompt(suite, name, messages, files.Relative(path));
            }
            else
            {
                suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "prompt " + files.Relative(path), string.Empty, "a .json prompt must be a list of { role, content } messages with roles system, user or assistant"));
            }

            return;
        }

        // promptfoo reads several prompts from one text file when they are separated by a line of ---.
        var parts = Regex.Split(text.Replace("\r\n", "\n"), @"^---$\n?", RegexOptions.Multiline, TimeSpan.FromSeconds(1)).Select(p => p.Trim('\n')).Where(p => p.Trim().Length > 0).ToList();
        for (var i = 0; i < parts.Count; i++)
        {
            AddPrompt(suite, parts.Count == 1 ? name : $"{name}-{i + 1}", new[] { ("user", parts[i]) }, files.Relative(path));
        }
    }

    private static List<(string Role, string Content)>? ChatMessages(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var messages = new List<(string, string)>();
            foreach (var message in document.RootElement.EnumerateArray())
            {
                if (message.ValueKind != JsonValueKind.Object
                    || !message.TryGetProperty("role", out var role) || role.GetString() is not ("system" or "user" or "assistant")
                    || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                {
                    return null;
                }

                messages.Add((role.GetString()!, content.GetString()!));
            }

            return messages.Count > 0 ? messages : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AddPrompt(ImportedSuite suite, string name, IReadOnlyList<(string Role, string Content)> messages, string source)
    {
        var id = UniqueId(Slug(name, "prompt"), suite.Prompts.Select(p => p.Id));
        var converted = new List<(string, string)>();
        var variables = new List<string>();
        foreach (var (role, content) in messages)
        {
            var (text, names, problem) = PromptfooTemplate.Convert(content);
            if (problem is not null)
            {
                suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "prompt " + id, string.Empty, $"{source}: {problem}"));
                return;
            }

            converted.Add((role, text!));
            variables.AddRange(names.Where(n => !variables.Contains(n)));
        }

        suite.Prompts.Add(new ImportedPrompt(id, converted, variables));
        suite.Entries.Add(new ImportEntry(ImportOutcome.Mapped, "prompt " + id, source, $"prompts/{id}.prompt.yaml"));
    }

    private static void ReadProviders(NodeReader reader, YMapping top, ImportedSuite suite)
    {
        var node = reader.Get(top, "providers") ?? reader.Get(top, "targets");
        if (NodeReader.IsUnset(node))
        {
            return;
        }

        var items = node is YSequence list ? list.Items : new List<YNode> { node! };
        foreach (var item in items)
        {
            string? id = item switch
            {
                YScalar { IsNull: false } s => s.Value,
                YMapping m => reader.Get(m, "id") is YScalar s ? s.Value : null,
                _ => null,
            };
            if (item is YMapping withConfig && reader.Get(withConfig, "config") is YMapping config
                && (reader.Get(config, "max_tokens") ?? reader.Get(config, "max_completion_tokens")) is YScalar { Value: var max } && int.TryParse(max, out var tokens) && tokens > 0)
            {
                suite.MaxOutputTokens ??= tokens;
            }

            if (id is null)
            {
                reader.Report(EvalDiagnosticCodes.PromptfooConfig, item, $"A provider must be an id such as openai:gpt-4o-mini, or {{ id: ... }}, not {item.KindName()}. Fix this entry of 'providers'.");
                continue;
            }

            if (ModelOf(id) is { } model && suite.Models.Count == 0)
            {
                if (item is YMapping first && reader.Get(first, "config") is YMapping firstConfig)
                {
                    suite.BaseUrl = reader.Get(firstConfig, "apiBaseUrl") is YScalar { IsNull: false } url ? url.Value : null;
                    suite.ApiKeyVariable = reader.Get(firstConfig, "apiKeyEnvar") is YScalar { IsNull: false } key ? key.Value : null;
                }

                suite.Models.Add(model);
                suite.Entries.Add(new ImportEntry(ImportOutcome.Mapped, "provider " + id, "model", model.Model));
            }
            else if (ModelOf(id) is { } other)
            {
                suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "provider " + id, string.Empty, $"each native prompt runs on one model ({suite.Models[0].Model}); to compare {other.Model}, copy the prompt file with that model and compare the two"));
            }
            else
            {
                suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "provider " + id, string.Empty, "not a vendor:model id; only providers that name a model (openai:gpt-4o-mini, anthropic:messages:claude-...) are imported"));
            }
        }
    }

    /// <summary>The vendor and model id of a provider id such as <c>openai:chat:gpt-4o</c>; null for other forms.</summary>
    internal static (string Vendor, string Model)? ModelOf(string id)
    {
        var parts = id.Split(':');
        if (parts.Length < 2 || !ModelVendors.Contains(parts[0]))
        {
            return null;
        }

        var rest = parts.Skip(1).ToList();
        if (rest.Count > 1 && ApiKinds.Contains(rest[0]))
        {
            rest.RemoveAt(0);
        }

        var model = string.Join(":", rest);
        return model.Length == 0 || model.Contains(' ', StringComparison.Ordinal) ? null : (parts[0], model);
    }

    internal static string Slug(string text, string fallback)
    {
        var slug = NotIdChars().Replace(text.ToLowerInvariant(), "-").Trim('-', '.', '_');
        if (slug.Length > 60) slug = slug.Substring(0, 60).TrimEnd('-', '.', '_');
        return slug.Length == 0 ? fallback : slug;
    }

    internal static string UniqueId(string id, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        if (!used.Contains(id)) return id;
        for (var n = 2; ; n++)
        {
            if (!used.Contains($"{id}-{n}")) return $"{id}-{n}";
        }
    }
}
