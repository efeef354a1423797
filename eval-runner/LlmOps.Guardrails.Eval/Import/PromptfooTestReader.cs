using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;
using LlmOps.Guardrails.Eval.Datasets;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>One promptfoo test before mapping: where it came from, its vars and its assertions as written.</summary>
internal sealed record PromptfooTest(string? Description, Dictionary<string, JsonNode?> Vars, List<PromptfooAssertion> Asserts, List<string> OtherKeys, string Source)
{
    /// <summary>Where each var was written (absent for CSV cells), so that a missing var file is reported at its reference.</summary>
    public Dictionary<string, YNode> VarAt { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Reads <c>tests</c> (inline, and <c>file://</c> CSV, YAML, JSON and JSONL files) and <c>defaultTest</c>, merges the
/// defaults into every test as promptfoo does (vars under the test's own, assertions before the test's), expands list
/// vars into one case per combination, and maps each assertion.
/// </summary>
internal sealed class PromptfooTestReader
{
    private static readonly string[] TestKeys = { "description", "vars", "assert" };

    private readonly NodeReader _reader;
    private readonly PromptfooFiles _files;
    private readonly ImportedSuite _suite;

    public PromptfooTestReader(NodeReader reader, PromptfooFiles files, ImportedSuite suite)
    {
        _reader = reader;
        _files = files;
        _suite = suite;
    }

    public void Read(YMapping top)
    {
        var defaults = ReadDefault(_reader.Get(top, "defaultTest"));
        var tests = new List<PromptfooTest>();
        var node = _reader.Get(top, "tests");
        if (node is YScalar { IsNull: false } reference)
        {
            tests.AddRange(FromReference(reference));
        }
        else if (node is YSequence list)
        {
            foreach (var item in list.Items)
            {
                if (item is YScalar { IsNull: false } itemReference && PromptfooFiles.IsReference(itemReference.Value))
                {
                    tests.AddRange(FromReference(itemReference));
                }
                else if (item is YMapping mapping)
                {
                    tests.Add(FromMapping(mapping, "config"));
                }
                else
                {
                    Report(item, $"A test must be a mapping with vars and assert, or a file:// reference, not {item.KindName()}. Fix this entry of 'tests'.");
                }
            }
        }
        else if (!NodeReader.IsUnset(node))
        {
            Report(node!, $"'tests' must be a list of tests or a file:// reference, not {node!.KindName()}. Write 'tests:' followed by '- vars: ...' items.");
        }

        foreach (var test in tests)
        {
            AddCases(Merge(defaults, test));
        }
    }

    private PromptfooTest? ReadDefault(YNode? node)
    {
        if (NodeReader.IsUnset(node))
        {
            return null;
        }

        if (node is YScalar { Value: var text } scalar && PromptfooFiles.IsReference(text))
        {
            var paths = _files.Resolve(text, scalar, "defaultTest");
            return paths.Count == 1 && _files.LoadTree(paths[0]) is YMapping loaded ? FromMapping(loaded, _files.Relative(paths[0])) : null;
        }

        if (node is not YMapping mapping)
        {
            Report(node!, $"'defaultTest' must be a mapping with vars and assert, not {node!.KindName()}. Write it as defaultTest: {{ vars: ..., assert: [...] }}.");
            return null;
        }

        return FromMapping(mapping, "defaultTest");
    }

    private IEnumerable<PromptfooTest> FromReference(YScalar reference)
    {
        if (!PromptfooFiles.IsReference(reference.Value))
        {
            Report(reference, $"'tests' is the text '{NodeReader.Clip(reference.Value)}'. Write a list of tests, or file://path to a CSV, YAML, JSON or JSONL file of tests.");
            yield break;
        }

        foreach (var path in _files.Resolve(reference.Value, reference, "tests"))
        {
            foreach (var test in FromFile(path))
            {
                yield return test;
            }
        }
    }

    private IEnumerable<PromptfooTest> FromFile(string path)
    {
        var source = _files.Relative(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".csv":
                return _files.Load(path) is { } csv ? PromptfooCsvTests.Read(csv, path, source, _reader, _suite) : Array.Empty<PromptfooTest>();
            case ".yaml" or ".yml" or ".json":
                var root = _files.LoadTree(path);
                if (root is YSequence list)
                {
                    return list.Items.OfType<YMapping>().Select(m => FromMapping(m, source)).ToList();
                }

                if (root is not null)
                {
                    Report(root, $"The tests file {source} holds {root.KindName()}. Write it as a list of tests, each with vars and assert.");
                }

                return Array.Empty<PromptfooTest>();
            case ".jsonl":
                return FromJsonLines(path, source);
            default:
                _suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, "tests " + source, string.Empty, "tests generated by code or read from spreadsheets are not imported; export them to CSV, YAML or JSONL"));
                return Array.Empty<PromptfooTest>();
        }
    }

    private List<PromptfooTest> FromJsonLines(string path, string source)
    {
        var tests = new List<PromptfooTest>();
        if (_files.Load(path) is not { } text)
        {
            return tests;
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            // Leading line breaks give the line's nodes their true line numbers in the file.
            var before = _reader.Diagnostics.Count;
            var node = EvalYaml.Read(new string('\n', i) + lines[i], path, _reader.Diagnostics);
            if (node is YMapping mapping) tests.Add(FromMapping(mapping, source));
            else if (_reader.Diagnostics.Count == before) _reader.Diagnostics.Add(new EvalDiagnostic(EvalDiagnosticCodes.PromptfooConfig, $"Line {i + 1} of {source} is not one JSON object. Write one test per line, e.g. {{\"vars\": {{...}}, \"assert\": [...]}}.", path, i + 1, 1));
        }

        return tests;
    }

    private PromptfooTest FromMapping(YMapping mapping, string source)
    {
        var vars = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var varAt = new Dictionary<string, YNode>(StringComparer.Ordinal);
        if (_reader.Get(mapping, "vars") is YMapping varsNode)
        {
            foreach (var entry in varsNode.Entries)
            {
                vars[entry.Key.Value] = ToJson(entry.Value);
                varAt[entry.Key.Value] = entry.Value;
            }
        }

        var asserts = new List<PromptfooAssertion>();
        if (_reader.Get(mapping, "assert") is YSequence assertList)
        {
            foreach (var item in assertList.Items)
            {
                if (ToJson(item) is JsonObject json) asserts.Add(PromptfooAssertion.FromJson(json));
                else Report(item, $"An assertion must be a mapping with 'type', not {item.KindName()}. Write it as - type: contains, value: ...");
            }
        }
        else if (!NodeReader.IsUnset(_reader.Get(mapping, "assert")))
        {
            Report(_reader.Get(mapping, "assert")!, "'assert' is not a list. Write it as a list of assertions, each starting with - type: ...");
        }

        var description = _reader.Get(mapping, "description") is YScalar { IsNull: false } d ? d.Value : null;
        var others = mapping.Entries.Select(e => e.Key.Value).Where(k => !TestKeys.Contains(k)).ToList();
        return new PromptfooTest(description, vars, asserts, others, source) { VarAt = varAt };
    }

    private static PromptfooTest? Merge(PromptfooTest? defaults, PromptfooTest test)
    {
        if (defaults is null) return test;
        var vars = new Dictionary<string, JsonNode?>(defaults.Vars.ToDictionary(p => p.Key, p => p.Value?.DeepClone()), StringComparer.Ordinal);
        foreach (var pair in test.Vars) vars[pair.Key] = pair.Value;
        var asserts = defaults.Asserts.Concat(test.Asserts).ToList();
        var others = defaults.OtherKeys.Select(k => "defaultTest." + k).Concat(test.OtherKeys).ToList();
        var varAt = new Dictionary<string, YNode>(defaults.VarAt, StringComparer.Ordinal);
        foreach (var pair in test.VarAt) varAt[pair.Key] = pair.Value;
        return test with { Vars = vars, Asserts = asserts, OtherKeys = others, VarAt = varAt };
    }

    private void AddCases(PromptfooTest? test)
    {
        if (test is null) return;
        var baseId = PromptfooConfigReader.UniqueId(
            PromptfooConfigReader.Slug(test.Description ?? string.Empty, "test-" + (_suite.Cases.Count + 1)), _suite.Cases.Select(c => c.Id));
        var combinations = Expand(test.Vars);
        for (var i = 0; i < combinations.Count; i++)
        {
            var id = combinations.Count == 1 ? baseId : PromptfooConfigReader.UniqueId($"{baseId}-{i + 1}", _suite.Cases.Select(c => c.Id));
            var vars = LoadVarFiles(id, combinations[i], test.VarAt);
            foreach (var key in test.OtherKeys)
            {
                _suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, id, key, $"the test key '{key}' has no native counterpart"));
            }

            var texts = vars.ToDictionary(p => p.Key, p => TextOf(p.Value), StringComparer.Ordinal);
            var natives = new List<JsonObject>();
            foreach (var assertion in test.Asserts)
            {
                natives.Add(MapOne(id, assertion, texts));
            }

            _suite.Cases.Add(new ImportedCase(id, test.Description, vars, natives));
        }
    }

    private JsonObject MapOne(string caseId, PromptfooAssertion assertion, IReadOnlyDictionary<string, string> vars)
    {
        var (filled, templateProblem) = Filled(assertion, vars);
        var (native, reason) = templateProblem is null ? PromptfooAssertionMapper.Map(filled) : (new JsonObject(), templateProblem);
        reason ??= NativeProblem(native);
        if (reason is not null)
        {
            // The disabled copy keeps the assertion exactly as promptfoo had it, plus the reason.
            var disabled = (JsonObject)assertion.Original.DeepClone();
            disabled["disabled"] = reason;
            _suite.Entries.Add(new ImportEntry(ImportOutcome.Disabled, caseId, assertion.Type, reason));
            return disabled;
        }

        _suite.Entries.Add(new ImportEntry(ImportOutcome.Mapped, caseId, assertion.Type, (string)native["type"]!));
        return native;
    }

    /// <summary>The assertion with <c>{{var}}</c> in its value filled from the case, as promptfoo renders it, or why that cannot be done exactly.</summary>
    private static (PromptfooAssertion Assertion, string? Problem) Filled(PromptfooAssertion assertion, IReadOnlyDictionary<string, string> vars)
    {
        if (assertion.Value is not JsonValue v || !v.TryGetValue(out string? text) || !PromptfooTemplate.HasTemplate(text))
        {
            return (assertion, null);
        }

        if (PromptfooTemplate.Fill(text, vars) is not { } filled)
        {
            return (assertion, "the value is a Nunjucks template that the test's vars cannot fill exactly");
        }

        var original = (JsonObject)assertion.Original.DeepClone();
        original["value"] = filled;
        return (PromptfooAssertion.FromJson(original), null);
    }

    /// <summary>The native reader's objection to a mapped assertion (a .NET-incompatible regex, a schema outside the subset), or null.</summary>
    private static string? NativeProblem(JsonObject native)
    {
        var diagnostics = new List<EvalDiagnostic>();
        var node = EvalYaml.Read(native.ToJsonString(), "import", diagnostics);
        if (node is null) return "the mapped assertion is not valid JSON";
        var reader = new NodeReader("import", diagnostics);
        var spec = AssertionReader.Read(reader, node, "assert");
        return spec is null || diagnostics.Count > 0
            ? "the native reader refuses the mapped form: " + (diagnostics.FirstOrDefault()?.Message ?? "unknown problem")
            : null;
    }

    /// <summary>promptfoo runs a test once per combination of the values of its list vars.</summary>
    private static List<Dictionary<string, JsonNode?>> Expand(Dictionary<string, JsonNode?> vars)
    {
        var result = new List<Dictionary<string, JsonNode?>> { new(StringComparer.Ordinal) };
        foreach (var (name, value) in vars)
        {
            var options = value is JsonArray { Count: > 0 } array ? array.Select(v => v?.DeepClone()).ToList() : new List<JsonNode?> { value?.DeepClone() };
            result = result.SelectMany(r => options.Select(o =>
            {
                var next = r.ToDictionary(p => p.Key, p => p.Value?.DeepClone(), StringComparer.Ordinal);
                next[name] = o?.DeepClone();
                return next;
            })).ToList();
        }

        return result;
    }

    /// <summary>Vars written as file://name.txt hold that file's text in promptfoo; other file kinds are code or data and stay as written.</summary>
    private Dictionary<string, JsonNode?> LoadVarFiles(string caseId, Dictionary<string, JsonNode?> vars, Dictionary<string, YNode> varAt)
    {
        foreach (var name in vars.Keys.ToList())
        {
            if (vars[name] is not JsonValue v || !v.TryGetValue(out string? text) || !PromptfooFiles.IsReference(text)) continue;
            var extension = Path.GetExtension(text).ToLowerInvariant();
            if (extension is ".txt" or ".md")
            {
                var at = varAt.TryGetValue(name, out var written) ? written : new YScalar(new SourcePosition(1, 1), text, YScalarType.Text);
                var paths = _files.Resolve(text, at, $"var '{name}' of test '{caseId}'");
                if (paths.Count == 1 && _files.Load(paths[0]) is { } content) vars[name] = content;
            }
            else
            {
                _suite.Entries.Add(new ImportEntry(ImportOutcome.Refused, caseId, "vars." + name, $"{extension} var files are loaded by promptfoo's own code; the value is kept as the text '{text}'"));
            }
        }

        return vars;
    }

    /// <summary>An LLME124 at a node, in the file the node was read from (the config or a tests file).</summary>
    private void Report(YNode at, string message) =>
        _reader.Diagnostics.Add(new EvalDiagnostic(EvalDiagnosticCodes.PromptfooConfig, message, at.File.Length > 0 ? at.File : _reader.File, at.At.Line, at.At.Column));

    internal static string TextOf(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out string? text) ? text : value?.ToJsonString() ?? string.Empty;

    private static JsonNode? ToJson(YNode node) => JsonNode.Parse(JsonText.From(node));
}
