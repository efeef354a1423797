using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Native;

/// <summary>
/// Reads the native <c>*.prompt.yaml</c> format (docs/prompt-format.md) into a <see cref="PromptDefinition"/>, with a
/// diagnostic for every problem and the position of every field read. Never throws for bad content.
/// </summary>
/// <remarks>
/// The prompt comes back when id, model and messages could be read; an invalid optional field is left unset and
/// reported. The result also holds the placeholder checks (LLMP005/LLMP006) of <see cref="PromptValidator.ValidatePlaceholders"/>.
/// </remarks>
internal sealed class PromptYamlReader
{
    public const int MaxOutputTokensLimit = 10_000_000;

    private readonly string _file;
    private readonly List<PromptDiagnostic> _diagnostics = new();
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);

    private PromptYamlReader(string file) => _file = file;

    public static PromptReadResult Read(string path, string text)
    {
        var reader = new PromptYamlReader(path ?? string.Empty);
        var prompt = reader.ReadPrompt(text ?? string.Empty);
        if (prompt is not null)
        {
            reader._diagnostics.AddRange(PromptValidator.ValidatePlaceholders(prompt));
        }

        return new PromptReadResult(prompt, reader._diagnostics);
    }

    private PromptDefinition? ReadPrompt(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var document = YamlTreeBuilder.Read(text, _file, YamlFeatures.All);
        PromptYamlProblems.Report(document, PromptYamlProblems.Native, _file, _diagnostics);
        var root = document.Root;
        if (root is null)
        {
            if (_diagnostics.Count == 0)
            {
                Error(PromptDiagnosticCodes.MissingField, SourcePosition.Start, "The file holds no prompt (it is empty or only comments). Write at least 'id:', 'model:' and 'messages:'.");
            }

            return null;
        }

        if (root is not YMapping mapping)
        {
            Error(PromptDiagnosticCodes.InvalidValue, root.At, $"The top level of a prompt file must be a mapping ('key: value' lines) with id, model and messages; this file holds {root.Kind}.");
            return null;
        }

        string? id = null, description = null, feature = null, team = null, model = null, dataset = null;
        IReadOnlyList<string> fallbacks = Array.Empty<string>();
        var parameters = new PromptParameters();
        IReadOnlyList<PromptVariable> variables = Array.Empty<PromptVariable>();
        List<PromptMessage>? messages = null;
        int? expected = null;
        long? callsPerDay = null;
        bool sawId = false, sawModel = false, sawMessages = false;

        foreach (var entry in mapping.Entries)
        {
            if (Key(entry, "the top level", PromptKeys.Root, root: true) is not { } key)
            {
                continue;
            }

            var value = entry.Value;
            switch (key)
            {
                case PromptKeys.Id:
                    sawId = true;
                    id = RequiredText(value, key, entry.Key);
                    if (id is not null && !IsValidId(id))
                    {
                        Error(PromptDiagnosticCodes.InvalidValue, value.At, $"The id '{id}' is not valid: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit (for example '{SuggestId(id)}').");
                        id = null;
                    }

                    break;
                case PromptKeys.Description:
                    description = Text(value, key);
                    break;
                case PromptKeys.Owner:
                    ReadOwner(value, out feature, out team);
                    break;
                case PromptKeys.Model:
                    sawModel = true;
                    model = ModelId(value, key, entry.Key);
                    break;
                case PromptKeys.Fallbacks:
                    fallbacks = ReadFallbacks(value);
                    break;
                case PromptKeys.Parameters:
                    parameters = ReadParameters(value);
                    break;
                case PromptKeys.Variables:
                    variables = ReadVariables(value);
                    break;
                case PromptKeys.Messages:
                    sawMessages = true;
                    messages = ReadMessages(value, entry.Key);
                    break;
                case PromptKeys.ExpectedOutputTokens:
                    expected = (int?)Integer(value, key, 1, MaxOutputTokensLimit);
                    break;
                case PromptKeys.Traffic:
                    callsPerDay = ReadTraffic(value);
                    break;
                case PromptKeys.Dataset:
                    dataset = Text(value, key);
                    break;
            }
        }

        if (!sawId)
        {
            Error(PromptDiagnosticCodes.MissingField, mapping.At, "The prompt has no 'id'. Add a unique id such as 'id: support.classify' (lowercase letters, digits, '.', '_', '-').");
        }

        if (!sawModel)
        {
            Error(PromptDiagnosticCodes.MissingField, mapping.At, "The prompt has no 'model'. Add the pinned model snapshot it is written for, such as 'model: gpt-4o-2024-08-06'.");
        }

        if (!sawMessages)
        {
            Error(PromptDiagnosticCodes.MissingField, mapping.At, "The prompt has no 'messages'. Add a list of messages, each with 'role' (system, user or assistant) and 'content'.");
        }

        if (id is null || model is null || messages is null)
        {
            return null;
        }

        return new PromptDefinition
        {
            Id = id,
            Description = description,
            Feature = feature,
            Team = team,
            Model = model,
            Fallbacks = fallbacks,
            Parameters = parameters,
            Variables = variables,
            Messages = messages,
            ExpectedOutputTokens = expected,
            CallsPerDay = callsPerDay,
            Dataset = dataset,
            SourcePath = _file,
            Format = PromptSourceFormat.PromptYaml,
            Locations = new PromptSourceMap(_positions),
        };
    }

    private void ReadOwner(YNode node, out string? feature, out string? team)
    {
        feature = team = null;
        if (Mapping(node, PromptKeys.Owner) is not { } mapping)
        {
            return;
        }

        foreach (var entry in mapping.Entries)
        {
            switch (Key(entry, "'owner'", PromptKeys.OwnerKeys, root: false))
            {
                case PromptKeys.Feature:
                    feature = Text(entry.Value, "owner.feature");
                    break;
                case PromptKeys.Team:
                    team = Text(entry.Value, "owner.team");
                    break;
            }
        }
    }

    private long? ReadTraffic(YNode node)
    {
        long? callsPerDay = null;
        if (Mapping(node, PromptKeys.Traffic) is not { } mapping)
        {
            return null;
        }

        foreach (var entry in mapping.Entries)
        {
            if (Key(entry, "'traffic'", PromptKeys.TrafficKeys, root: false) == PromptKeys.CallsPerDay)
            {
                callsPerDay = Integer(entry.Value, "traffic.calls_per_day", 0, long.MaxValue);
            }
        }

        return callsPerDay;
    }

    private IReadOnlyList<string> ReadFallbacks(YNode node)
    {
        if (node is YScalar { IsNull: true })
        {
            return Array.Empty<string>();
        }

        Record(PromptKeys.Fallbacks, node);
        if (node is not YSequence sequence)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'fallbacks' must be a list of model ids, such as 'fallbacks: [claude-sonnet-4-5-20250929]'; found {node.Kind}.");
            return Array.Empty<string>();
        }

        var models = new List<string>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"fallbacks[{i}]";
            var item = sequence.Items[i];
            if (item is YScalar { IsNull: true })
            {
                Error(PromptDiagnosticCodes.InvalidValue, item.At, $"'{path}' is empty: write a model id or remove the list item.");
                continue;
            }

            if (ModelId(item, path, item) is { } model)
            {
                models.Add(model);
            }
        }

        return models;
    }

    private PromptParameters ReadParameters(YNode node)
    {
        if (Mapping(node, PromptKeys.Parameters) is not { } mapping)
        {
            return new PromptParameters();
        }

        double? temperature = null, topP = null, frequency = null, presence = null;
        int? maxOutput = null;
        long? seed = null;
        string? format = null;
        IReadOnlyList<string> stop = Array.Empty<string>();
        foreach (var entry in mapping.Entries)
        {
            var key = Key(entry, "'parameters'", PromptKeys.ParameterKeys, root: false);
            var value = entry.Value;
            var path = "parameters." + key;
            switch (key)
            {
                case PromptKeys.Temperature:
                    temperature = Number(value, path, 0, 2);
                    break;
                case PromptKeys.TopP:
                    topP = Number(value, path, 0, 1);
                    break;
                case PromptKeys.MaxOutputTokens:
                    maxOutput = (int?)Integer(value, path, 1, MaxOutputTokensLimit);
                    break;
                case PromptKeys.Stop:
                    stop = ReadStop(value, path);
                    break;
                case PromptKeys.Seed:
                    seed = Integer(value, path, long.MinValue, long.MaxValue);
                    break;
                case PromptKeys.FrequencyPenalty:
                    frequency = Number(value, path, -2, 2);
                    break;
                case PromptKeys.PresencePenalty:
                    presence = Number(value, path, -2, 2);
                    break;
                case PromptKeys.ResponseFormat:
                    format = Text(value, path);
                    if (format is not null && Array.IndexOf(PromptKeys.ResponseFormats, format) < 0)
                    {
                        var near = PromptKeys.Nearest(format, PromptKeys.ResponseFormats, 2);
                        Error(PromptDiagnosticCodes.InvalidValue, value.At, $"'{path}' is '{format}'; use text, json or json_schema.{(near is null ? string.Empty : $" Did you mean '{near}'?")}");
                        format = null;
                    }

                    break;
            }
        }

        return new PromptParameters
        {
            Temperature = temperature,
            TopP = topP,
            MaxOutputTokens = maxOutput,
            StopSequences = stop,
            Seed = seed,
            FrequencyPenalty = frequency,
            PresencePenalty = presence,
            ResponseFormat = format,
        };
    }

    private IReadOnlyList<string> ReadStop(YNode node, string path)
    {
        if (node is YScalar scalar)
        {
            return Text(node, path) is { } single ? StopSequence(single, scalar, path) : Array.Empty<string>();
        }

        Record(path, node);
        if (node is not YSequence sequence)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' must be a stop sequence or a list of them, such as 'stop: [\"\\n\\n\"]'; found {node.Kind}.");
            return Array.Empty<string>();
        }

        var stops = new List<string>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            if (Text(sequence.Items[i], itemPath) is { } text)
            {
                stops.AddRange(StopSequence(text, sequence.Items[i], itemPath));
            }
            else if (sequence.Items[i] is YScalar { IsNull: true })
            {
                Error(PromptDiagnosticCodes.InvalidValue, sequence.Items[i].At, $"'{itemPath}' is empty: write the stop text in quotes or remove the item.");
            }
        }

        return stops;
    }

    private string[] StopSequence(string text, YNode node, string path)
    {
        if (text.Length == 0)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' is an empty stop sequence; remove it.");
            return Array.Empty<string>();
        }

        return new[] { text };
    }

    private IReadOnlyList<PromptVariable> ReadVariables(YNode node)
    {
        if (Mapping(node, PromptKeys.Variables) is not { } mapping)
        {
            return Array.Empty<PromptVariable>();
        }

        var variables = new List<PromptVariable>(mapping.Entries.Count);
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Name;
            var path = "variables." + name;
            _positions[path] = entry.Key.At;
            if (!PromptTemplate.IsValidName(name))
            {
                Error(PromptDiagnosticCodes.InvalidValue, entry.Key.At, $"The variable name '{name}' cannot be used in a placeholder: use letters, digits, '_', '.', '-', starting with a letter or '_'.");
                continue;
            }

            string? description = null;
            var sample = string.Empty;
            switch (entry.Value)
            {
                case YScalar { IsNull: true }:
                    break;
                case YScalar scalar:
                    _positions[path + ".sample"] = scalar.At;
                    sample = scalar.Value;
                    break;
                case YMapping fields:
                    foreach (var field in fields.Entries)
                    {
                        switch (Key(field, $"variable '{name}'", PromptKeys.VariableKeys, root: false))
                        {
                            case PromptKeys.Description:
                                description = Text(field.Value, path + ".description");
                                break;
                            case PromptKeys.Sample:
                                sample = Text(field.Value, path + ".sample") ?? string.Empty;
                                break;
                        }
                    }

                    break;
                default:
                    Error(PromptDiagnosticCodes.InvalidValue, entry.Value.At, $"The variable '{name}' must be a sample text or a mapping with 'description' and 'sample'; found {entry.Value.Kind}.");
                    break;
            }

            variables.Add(new PromptVariable { Name = name, Description = description, Sample = Normalize(sample) });
        }

        return variables;
    }

    private List<PromptMessage>? ReadMessages(YNode node, YNode keyNode)
    {
        if (node is YScalar { IsNull: true })
        {
            Error(PromptDiagnosticCodes.MissingField, keyNode.At, "'messages' is empty. Add at least one message with 'role' and 'content'.");
            return null;
        }

        Record(PromptKeys.Messages, node);
        if (node is not YSequence sequence)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'messages' must be a list ('- role: ...' items); found {node.Kind}.");
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            Error(PromptDiagnosticCodes.MissingField, node.At, "'messages' is empty. Add at least one message with 'role' and 'content'.");
            return null;
        }

        var messages = new List<PromptMessage>(sequence.Items.Count);
        var valid = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var path = $"messages[{i}]";
            var item = sequence.Items[i];
            _positions[path] = item.At;
            if (item is not YMapping fields)
            {
                Error(PromptDiagnosticCodes.InvalidValue, item.At, $"'{path}' must be a mapping with 'role' and 'content'; found {item.Kind}.");
                valid = false;
                continue;
            }

            string? role = null, content = null;
            bool sawRole = false, sawContent = false;
            foreach (var field in fields.Entries)
            {
                switch (Key(field, $"'{path}'", PromptKeys.MessageKeys, root: false))
                {
                    case PromptKeys.Role:
                        sawRole = true;
                        role = RequiredText(field.Value, path + ".role", field.Key);
                        if (role is not null && Array.IndexOf(PromptKeys.Roles, role) < 0)
                        {
                            var near = PromptKeys.Nearest(role, PromptKeys.Roles, 2);
                            Error(PromptDiagnosticCodes.InvalidValue, field.Value.At, $"'{path}.role' is '{role}'; use system, user or assistant.{(near is null ? string.Empty : $" Did you mean '{near}'?")}");
                            role = null;
                        }

                        break;
                    case PromptKeys.Content:
                        sawContent = true;
                        content = RequiredText(field.Value, path + ".content", field.Key);
                        break;
                }
            }

            if (!sawRole)
            {
                Error(PromptDiagnosticCodes.MissingField, item.At, $"'{path}' has no 'role'. Add 'role: system', 'role: user' or 'role: assistant'.");
            }

            if (!sawContent)
            {
                Error(PromptDiagnosticCodes.MissingField, item.At, $"'{path}' has no 'content'. Add the message text with 'content:'.");
            }

            if (role is null || content is null)
            {
                valid = false;
                continue;
            }

            messages.Add(new PromptMessage { Role = role, Template = Normalize(content) });
        }

        return valid ? messages : null;
    }

    /// <summary>The key's name when it is known at this level; reports unknown keys (the YAML layer reports non-text keys).</summary>
    private string? Key(YEntry entry, string where, IReadOnlyList<string> known, bool root)
    {
        var name = entry.Name;
        for (var i = 0; i < known.Count; i++)
        {
            if (string.Equals(known[i], name, StringComparison.Ordinal))
            {
                return name;
            }
        }

        Warning(PromptDiagnosticCodes.UnknownKey, entry.Key.At, PromptKeys.UnknownKeyMessage(name, where, known, root));
        return null;
    }

    private YMapping? Mapping(YNode node, string path)
    {
        if (node is YScalar { IsNull: true })
        {
            return null;
        }

        Record(path, node);
        if (node is YMapping mapping)
        {
            return mapping;
        }

        Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' must be a mapping ('key: value' lines, or '{{ key: value }}'); found {node.Kind}.");
        return null;
    }

    /// <summary>The text of a scalar; null (and nothing reported) for a null value; LLMP003 for a list or mapping.</summary>
    private string? Text(YNode node, string path)
    {
        Record(path, node);
        switch (node)
        {
            case YScalar { IsNull: true }:
                return null;
            case YScalar scalar:
                return scalar.Value;
            default:
                Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' must be text; found {node.Kind}. Quote it if it contains ':', '[' or '{{'.");
                return null;
        }
    }

    private string? RequiredText(YNode node, string path, YNode keyNode)
    {
        var text = Text(node, path);
        if (text is null && node is YScalar)
        {
            Error(PromptDiagnosticCodes.MissingField, node is YScalar { IsNull: true, Value.Length: 0 } ? keyNode.At : node.At, $"'{path}' is empty; write a value.");
        }
        else if (text is not null && text.Trim().Length == 0)
        {
            Error(PromptDiagnosticCodes.MissingField, node.At, $"'{path}' is blank; write a value.");
            return null;
        }

        return text;
    }

    private string? ModelId(YNode node, string path, YNode keyNode)
    {
        var model = RequiredText(node, path, keyNode);
        if (model is not null && HasWhiteSpace(model))
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' is '{model}', which contains spaces; a model id has none (for example 'gpt-4o-2024-08-06').");
            return null;
        }

        return model;
    }

    private double? Number(YNode node, string path, double min, double max)
    {
        Record(path, node);
        if (node is YScalar { IsNull: true })
        {
            return null;
        }

        if (node is not YScalar { Plain: true } scalar || !TryParseNumber(scalar.Value, out var value))
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' must be a number from {Format(min)} to {Format(max)}, written without quotes; found {Describe(node)}.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' is {scalar.Value}, outside the range {Format(min)} to {Format(max)}; use a value in that range.");
            return null;
        }

        return value;
    }

    private long? Integer(YNode node, string path, long min, long max)
    {
        Record(path, node);
        if (node is YScalar { IsNull: true })
        {
            return null;
        }

        var range = min == long.MinValue
            ? "a whole number"
            : max == long.MaxValue
                ? $"a whole number of at least {min.ToString(CultureInfo.InvariantCulture)}"
                : $"a whole number from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}";
        if (node is not YScalar { Plain: true } scalar || !IsInteger(scalar.Value))
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' must be {range}, written without quotes; found {Describe(node)}.");
            return null;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' is {Shorten(scalar.Value)}, which is too large; it must be {range}.");
            return null;
        }

        if (value < min || value > max)
        {
            Error(PromptDiagnosticCodes.InvalidValue, node.At, $"'{path}' is {scalar.Value}; it must be {range}.");
            return null;
        }

        return value;
    }

    private void Record(string path, YNode node)
    {
        if (path.Length > 0)
        {
            _positions[path] = node.At;
        }
    }

    private void Error(string code, SourcePosition at, string message) =>
        _diagnostics.Add(new PromptDiagnostic(code, PromptSeverity.Error, message, _file, at.Line, at.Column));

    private void Warning(string code, SourcePosition at, string message) =>
        _diagnostics.Add(new PromptDiagnostic(code, PromptSeverity.Warning, message, _file, at.Line, at.Column));

    internal static bool IsValidId(string id)
    {
        if (id.Length == 0 || !IsIdStart(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!IsIdStart(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdStart(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

    private static string SuggestId(string id)
    {
        var text = new StringBuilder(id.Length);
        foreach (var c in id.Trim().ToLowerInvariant())
        {
            text.Append(IsIdStart(c) || c == '.' || c == '_' || c == '-' ? c : '-');
        }

        while (text.Length > 0 && !IsIdStart(text[0]))
        {
            text.Remove(0, 1);
        }

        return text.Length == 0 ? "my.prompt" : text.ToString();
    }

    // YAML 1.2 core schema numbers: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?; no .inf or .nan.
    private static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        var i = 0;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsDigit(text[i]) && text[i] <= '9')
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '-' || text[i] == '+'))
            {
                i++;
            }

            var exponent = 0;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9')
            {
                i++;
                exponent++;
            }

            if (exponent == 0)
            {
                return false;
            }
        }

        return i == text.Length
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && !double.IsNaN(value)
            && !double.IsInfinity(value);
    }

    private static bool IsInteger(string text)
    {
        var i = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (i == text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasWhiteSpace(string text)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(YNode node) => node switch
    {
        YScalar { Plain: false } scalar => $"the text \"{Shorten(scalar.Value)}\"",
        YScalar scalar => $"'{Shorten(scalar.Value)}'",
        _ => node.Kind,
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text.Substring(0, 37) + "...";

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Line breaks as \n, whatever the file used.</summary>
    internal static string Normalize(string text) =>
        text.IndexOf('\r') < 0 ? text : text.Replace("\r\n", "\n").Replace('\r', '\n');
}
