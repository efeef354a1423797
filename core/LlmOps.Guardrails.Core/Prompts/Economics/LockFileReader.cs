using System;
using System.Collections.Generic;
using System.Globalization;

namespace LlmOps.Guardrails.Core.Prompts.Economics;

/// <summary>Strict validation of prompts.lock.json: every problem becomes an LLMP015 diagnostic, nothing throws.</summary>
internal sealed class LockFileReader
{
    private const string Fix = "Fix the file, or delete it and build again to regenerate it.";

    private static readonly HashSet<string> RootKeys = new(StringComparer.Ordinal) { "formatVersion", "prompts" };

    private static readonly HashSet<string> EntryKeys = new(StringComparer.Ordinal)
    {
        "id", "version", "hash", "model", "inputTokens", "inputTokensEstimated", "outputTokens", "costPerCall",
        "callsPerDay", "pricesCheckedOn", "file",
    };

    private readonly string _path;
    private readonly ICollection<PromptDiagnostic> _diagnostics;
    private JsonTree _tree = null!;
    private int _errors;

    private LockFileReader(string path, ICollection<PromptDiagnostic> diagnostics)
    {
        _path = path;
        _diagnostics = diagnostics;
    }

    public static PromptLockFile? Read(string? text, string? path, ICollection<PromptDiagnostic> diagnostics)
    {
        var reader = new LockFileReader(path ?? PromptLockFile.FileName, diagnostics);
        try
        {
            return reader.Read(text ?? string.Empty);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Validation is meant to catch everything; this is the "never throws" backstop.
            reader.Report(1, 1, $"cannot be read ({e.Message}).");
            return null;
        }
    }

    private PromptLockFile? Read(string text)
    {
        if (text.Trim().Length == 0)
        {
            Report(1, 1, "the file is empty.");
            return null;
        }

        _tree = JsonTree.Parse(text, out var syntaxError, out var line, out var column);
        if (syntaxError is not null || _tree.Root is null)
        {
            Report(line, column, $"not valid JSON: {syntaxError ?? "no value"}.");
            return null;
        }

        var root = _tree.Root;
        if (root.Kind != JsonKind.Object)
        {
            Report(root, $"the file must hold a JSON object with \"formatVersion\" and \"prompts\", not {root.KindName}.");
            return null;
        }

        var props = Properties(root, RootKeys, "the file");
        if (!props.TryGetValue("formatVersion", out var versionNode))
        {
            Report(root, "\"formatVersion\" is missing.");
            return null;
        }

        if (!TryInteger(versionNode, "formatVersion", out var formatVersion))
        {
            return null;
        }

        if (formatVersion != PromptLockFile.FormatVersion)
        {
            Report(
                versionNode,
                $"\"formatVersion\" is {formatVersion}; this version of LlmOps.Guardrails reads format {PromptLockFile.FormatVersion}. " +
                (formatVersion > PromptLockFile.FormatVersion ? "Update the LlmOps.Guardrails packages, or delete the file to regenerate it." : "Delete the file and build again to regenerate it."));
            return null;
        }

        if (!props.TryGetValue("prompts", out var promptsNode))
        {
            Report(root, "\"prompts\" is missing.");
            return null;
        }

        if (promptsNode.Kind != JsonKind.Array)
        {
            Report(promptsNode, $"\"prompts\" must be an array, not {promptsNode.KindName}.");
            return null;
        }

        var entries = new List<PromptLockEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < promptsNode.Items.Count; i++)
        {
            var item = promptsNode.Items[i];
            var entry = ReadEntry(item, i);
            if (entry is null)
            {
                continue;
            }

            if (seen.TryGetValue(entry.Id, out var first))
            {
                Report(item, $"prompt id \"{entry.Id}\" appears twice (prompts[{first}] and prompts[{i}]); each prompt has one entry.");
                continue;
            }

            seen[entry.Id] = i;
            entries.Add(entry);
        }

        return _errors == 0 ? new PromptLockFile(entries) : null;
    }

    private PromptLockEntry? ReadEntry(JsonNode node, int index)
    {
        var where = $"prompts[{index}]";
        if (node.Kind != JsonKind.Object)
        {
            Report(node, $"{where} must be an object, not {node.KindName}.");
            return null;
        }

        var errorsBefore = _errors;
        var props = Properties(node, EntryKeys, where);
        var id = RequiredString(node, props, "id", where, allowEmpty: false);
        var label = id is null ? where : $"{where} (\"{id}\")";
        var version = RequiredInteger(node, props, "version", label, minimum: 1);
        var hash = RequiredString(node, props, "hash", label, allowEmpty: false);
        var model = RequiredString(node, props, "model", label, allowEmpty: true);
        var inputTokens = RequiredInteger(node, props, "inputTokens", label, minimum: 0);
        var estimated = OptionalBool(props, "inputTokensEstimated", label);
        var outputTokens = RequiredInteger(node, props, "outputTokens", label, minimum: 0);
        var cost = OptionalDecimal(props, "costPerCall", label);
        var calls = OptionalInteger(props, "callsPerDay", label);
        var checkedOn = OptionalDate(props, "pricesCheckedOn", label);
        var file = RequiredString(node, props, "file", label, allowEmpty: true);

        if (_errors != errorsBefore)
        {
            return null;
        }

        if (version > int.MaxValue)
        {
            Report(props["version"], $"{label}: \"version\" {version} is too large.");
            return null;
        }

        return new PromptLockEntry
        {
            Id = id!,
            Version = (int)version!.Value,
            Hash = hash!,
            Model = model!,
            InputTokens = inputTokens!.Value,
            InputTokensEstimated = estimated,
            OutputTokens = outputTokens!.Value,
            CostPerCall = cost,
            CallsPerDay = calls,
            PricesCheckedOn = checkedOn,
            File = file!,
        };
    }

    private Dictionary<string, JsonNode> Properties(JsonNode node, HashSet<string> known, string where)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            if (result.ContainsKey(property.Name))
            {
                ReportAt(property.Offset, $"{where}: \"{property.Name}\" appears twice.");
                continue;
            }

            if (!known.Contains(property.Name))
            {
                ReportAt(property.Offset, $"{where}: unknown property \"{property.Name}\" (known: {string.Join(", ", Sorted(known))}).");
                continue;
            }

            result[property.Name] = property.Value;
        }

        return result;
    }

    private string? RequiredString(JsonNode owner, Dictionary<string, JsonNode> props, string name, string where, bool allowEmpty)
    {
        if (!props.TryGetValue(name, out var node))
        {
            Report(owner, $"{where}: \"{name}\" is missing.");
            return null;
        }

        if (node.Kind != JsonKind.String)
        {
            Report(node, $"{where}: \"{name}\" must be a string, not {node.KindName}.");
            return null;
        }

        if (!allowEmpty && string.IsNullOrWhiteSpace(node.Text))
        {
            Report(node, $"{where}: \"{name}\" is empty.");
            return null;
        }

        return node.Text ?? string.Empty;
    }

    private long? RequiredInteger(JsonNode owner, Dictionary<string, JsonNode> props, string name, string where, long minimum)
    {
        if (!props.TryGetValue(name, out var node))
        {
            Report(owner, $"{where}: \"{name}\" is missing.");
            return null;
        }

        if (!TryInteger(node, $"{where}: \"{name}\"", out var value))
        {
            return null;
        }

        if (value < minimum)
        {
            Report(node, $"{where}: \"{name}\" is {value}; it must be {minimum} or more.");
            return null;
        }

        return value;
    }

    private long? OptionalInteger(Dictionary<string, JsonNode> props, string name, string where)
    {
        if (!props.TryGetValue(name, out var node) || node.Kind == JsonKind.Null)
        {
            return null;
        }

        if (!TryInteger(node, $"{where}: \"{name}\"", out var value))
        {
            return null;
        }

        if (value < 0)
        {
            Report(node, $"{where}: \"{name}\" is {value}; it cannot be negative.");
            return null;
        }

        return value;
    }

    private bool TryInteger(JsonNode node, string what, out long value)
    {
        value = 0;
        if (node.Kind != JsonKind.Number)
        {
            Report(node, $"{what} must be a whole number, not {node.KindName}.");
            return false;
        }

        if (!long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            Report(node, $"{what} must be a whole number, not {node.Text}.");
            return false;
        }

        return true;
    }

    private decimal? OptionalDecimal(Dictionary<string, JsonNode> props, string name, string where)
    {
        if (!props.TryGetValue(name, out var node) || node.Kind == JsonKind.Null)
        {
            return null;
        }

        if (node.Kind != JsonKind.Number)
        {
            Report(node, $"{where}: \"{name}\" must be a number or null, not {node.KindName}.");
            return null;
        }

        if (!decimal.TryParse(node.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Report(node, $"{where}: \"{name}\" {node.Text} is out of range.");
            return null;
        }

        if (value < 0)
        {
            Report(node, $"{where}: \"{name}\" is {node.Text}; it cannot be negative.");
            return null;
        }

        return value;
    }

    private bool OptionalBool(Dictionary<string, JsonNode> props, string name, string where)
    {
        if (!props.TryGetValue(name, out var node))
        {
            return false;
        }

        if (node.Kind is JsonKind.True or JsonKind.False)
        {
            return node.Kind == JsonKind.True;
        }

        Report(node, $"{where}: \"{name}\" must be true or false, not {node.KindName}.");
        return false;
    }

    private DateTime? OptionalDate(Dictionary<string, JsonNode> props, string name, string where)
    {
        if (!props.TryGetValue(name, out var node) || node.Kind == JsonKind.Null)
        {
            return null;
        }

        if (node.Kind == JsonKind.String
            && DateTime.TryParseExact(node.Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Report(node, $"{where}: \"{name}\" must be a date written yyyy-MM-dd, or null.");
        return null;
    }

    private void Report(JsonNode node, string message) => ReportAt(node.Offset, message);

    private void ReportAt(long offset, string message)
    {
        var (line, column) = _tree.Position(offset);
        Report(line, column, message);
    }

    private void Report(int line, int column, string message)
    {
        _errors++;
        _diagnostics.Add(new PromptDiagnostic(
            PromptDiagnosticCodes.InvalidLock,
            PromptSeverity.Error,
            $"{PromptLockFile.FileName} is not valid: {message} {Fix}",
            _path,
            line,
            column));
    }

    private static List<string> Sorted(HashSet<string> names)
    {
        var list = new List<string>(names);
        list.Sort(StringComparer.Ordinal);
        return list;
    }
}
