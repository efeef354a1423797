using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Prompts.Rendering;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>
/// Reads a <c>.prompty</c> file, in the v1 schema (<c>model.configuration</c> / <c>model.parameters</c>, a <c>sample:</c>
/// block) or the Prompty 2 schema (<c>model.id</c> / <c>model.options</c>, <c>inputs</c> with <c>kind</c>/<c>sample</c>,
/// <c>template: {format, parser}</c>, <c>metadata</c>), into a <see cref="PromptDefinition"/>. The body after the front
/// matter is split on <c>system:</c> / <c>user:</c> / <c>assistant:</c> lines as Prompty's own parser does. Never throws.
/// docs/prompt-format-imports.md has the field-by-field mapping.
/// </summary>
internal static class PromptyReader
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly Regex MarkdownImage = new(@"!\[[^\]\n]*\]\([^)\n]+\)", Options);

    private static readonly Regex EnvReference = new(@"^\$\{env:([^:}]+)(?::([^}]*))?\}$", Options);

    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal)
    {
        "$schema", "kind", "id", "version", "name", "description", "authors", "tags", "metadata", "model", "inputs",
        "outputs", "sample", "template", "instructions", "additional_instructions", "tools", "base",
    };

    // An input's fields in both schemas (v1: type, description, default, sample; Prompty 2: kind, example, required, ...).
    private static readonly HashSet<string> InputKeys = new(StringComparer.Ordinal)
    {
        "name", "type", "kind", "description", "default", "sample", "example", "required", "strict", "json_schema", "jsonSchema", "items", "properties", "enum",
    };

    public static PromptReadResult Read(string path, string text)
    {
        var context = new ImportContext(path);
        try
        {
            return ReadCore(context, path ?? string.Empty, text ?? string.Empty);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.Error(PromptDiagnosticCodes.InvalidYaml, $"The .prompty file could not be read: {ex.Message}", SourcePosition.Start);
            return context.Result(null);
        }
    }

    private static PromptReadResult ReadCore(ImportContext context, string path, string text)
    {
        text = ImportContext.NormalizeNewlines(text);
        var lines = text.Split('\n');

        var open = 0;
        while (open < lines.Length && lines[open].Trim().Length == 0)
        {
            open++;
        }

        if (open >= lines.Length || lines[open].Trim() != "---")
        {
            var line = Math.Min(open, lines.Length - 1) + 1;
            context.Error(
                PromptDiagnosticCodes.InvalidYaml,
                "A .prompty file starts with YAML front matter between two '---' lines (name, model, inputs), followed by the prompt; add the front matter.",
                new SourcePosition(line, 1));
            return context.Result(null);
        }

        // The closing '---' starts its line, so an indented '---' inside a block scalar is not taken for it.
        var close = open + 1;
        while (close < lines.Length && lines[close].TrimEnd() != "---")
        {
            close++;
        }

        if (close >= lines.Length)
        {
            context.Error(
                PromptDiagnosticCodes.InvalidYaml,
                "The front matter that starts here is never closed: add a line with '---' between the front matter and the prompt.",
                new SourcePosition(open + 1, 1));
            return context.Result(null);
        }

        var yamlText = string.Join("\n", lines, open + 1, close - open - 1);
        var body = string.Join("\n", lines, close + 1, lines.Length - close - 1);
        var bodyFirstLine = close + 2;
        var frontMatterAt = new SourcePosition(open + 1, 1);

        // YAML line 1 is the line after the opening '---'.
        context.LineOffset = open + 1;
        var root = context.LoadYaml(yamlText, "The front matter", out var empty);
        if (root is null && !empty)
        {
            return context.Result(null);
        }

        var mapping = root as YMapping;
        if (root is not null && mapping is null)
        {
            context.Error(PromptDiagnosticCodes.InvalidYaml, "The front matter must be a YAML mapping ('key: value' lines), not " + YamlAccess.Describe(root) + ".", root);
            return context.Result(null);
        }

        mapping ??= new YMapping(SourcePosition.Start);

        foreach (var entry in YamlAccess.Entries(mapping))
        {
            var key = entry.Key.Value!;
            if (!TopLevelKeys.Contains(key))
            {
                context.Unknown(entry.Key, key, "the front matter");
            }
            else if (!YamlAccess.IsNull(entry.Value))
            {
                switch (key)
                {
                    case "tools":
                        context.Ignored(entry.Key, "tools", "tool definitions are not part of an imported prompt and their tokens are not counted.");
                        break;
                    case "base":
                        context.Ignored(entry.Key, "base", "a base .prompty is not followed; copy the settings it provides into this file.");
                        break;
                    case "additional_instructions":
                        context.Ignored(entry.Key, "additional_instructions", "only the body (or 'instructions') becomes messages.");
                        break;
                }
            }
        }

        var id = context.ReadId(mapping, "id", "name");
        var description = YamlAccess.Text(YamlAccess.Get(mapping, "description"));
        var parameters = new ParameterReader(context);
        var model = ReadModel(context, mapping, parameters, frontMatterAt);
        var variables = ReadVariables(context, mapping);
        ReadOwner(context, mapping, out var feature, out var team);
        var dialect = ReadTemplateFormat(context, mapping, out var formatName);

        // The prompt text: the body, or (pure-YAML Prompty 2 style) the 'instructions' value.
        TextMap map;
        var instructions = YamlAccess.Find(mapping, "instructions");
        if (body.Trim().Length == 0 && instructions is { Value: YScalar instructionText } && !YamlAccess.IsNull(instructionText))
        {
            body = instructionText.Value ?? string.Empty;
            map = TextMap.ForScalar(instructionText, context, yamlText);
        }
        else
        {
            map = new TextMap(body, bodyFirstLine, 1, 1);
            if (instructions is { } unused && !YamlAccess.IsNull(unused.Value) && body.Trim().Length > 0)
            {
                context.Ignored(unused.Key, "instructions", "the file has a body after the front matter, and the body is the prompt.");
            }
        }

        var messages = new List<PromptMessage>();
        PromptDocument? document = null;
        variables.RecordPositions(context);
        if (body.Trim().Length == 0)
        {
            context.Error(
                PromptDiagnosticCodes.MissingField,
                "The prompt is empty: write the messages after the closing '---' (a 'system:' line, the instructions, a 'user:' line, the user's text).",
                new SourcePosition(close + 1, 1));
        }
        else
        {
            // Prompty renders the whole body with its template engine and then splits the result on role markers.
            document = new PromptDocument
            {
                Template = body,
                Engine = dialect is TemplateDialect.Mustache or TemplateDialect.Handlebars ? PromptTemplateEngine.Handlebars : PromptTemplateEngine.Liquid,
                Layout = PromptDocumentLayout.RoleMarkers,
                Jinja = dialect == TemplateDialect.Jinja2,
            };
            ReadMessages(context, body, map, messages);
            var rendered = DocumentCheck.Run(context, document, map, variables, variables.Build(), formatName, "inputs");
            if (rendered is not null && messages.Count == 0 && !context.HasErrors)
            {
                context.Error(PromptDiagnosticCodes.MissingField, "The prompt has no message with text: write the text under a 'system:' or 'user:' line.", map.At(0));
            }
        }

        if (model is null || context.HasErrors)
        {
            return context.Result(null);
        }

        return context.Result(new PromptDefinition
        {
            Id = id,
            Description = description,
            Feature = feature,
            Team = team,
            Model = model,
            Parameters = parameters.Build(),
            Variables = variables.Build(),
            Messages = messages,
            SourcePath = context.Path,
            Format = PromptSourceFormat.Prompty,
            Locations = context.ToSourceMap(),
            Document = document,
        });
    }

    private static string? ReadModel(ImportContext context, YMapping root, ParameterReader parameters, SourcePosition frontMatterAt)
    {
        var entry = YamlAccess.Find(root, "model");
        if (entry is null || YamlAccess.IsNull(entry.Value.Value))
        {
            // Prompty allows this: the application supplies the model. The prompt is counted, and priced with a default.
            context.Record("model", entry is null ? frontMatterAt : context.At(entry.Value.Key));
            return string.Empty;
        }

        YNode? modelNode = null;
        YNode? idNode = null;
        YNode? nameNode = null;
        YNode? modelKeyNode = null;
        YNode? deploymentNode = null;
        switch (entry.Value.Value)
        {
            case YScalar shorthand:
                idNode = shorthand;
                break;
            case YMapping model:
                foreach (var item in YamlAccess.Entries(model))
                {
                    var key = item.Key.Value!;
                    switch (key)
                    {
                        case "id":
                            idNode = item.Value;
                            break;
                        case "api" or "apiType":
                            var api = YamlAccess.Text(item.Value);
                            if (api is not null && !string.Equals(api, "chat", StringComparison.OrdinalIgnoreCase))
                            {
                                context.Warning(PromptDiagnosticCodes.UnknownKey, $"model.api '{api}' is not imported: the prompt is read as a chat prompt.", item.Value);
                            }

                            break;
                        case "configuration" or "connection":
                            // v1 'configuration' (some files say 'connection'). Its connection settings (type, endpoint,
                            // api_version, keys) are not part of the prompt; only the model it names is read.
                            if (item.Value is YMapping configuration)
                            {
                                nameNode ??= YamlAccess.Get(configuration, "name");
                                modelKeyNode ??= YamlAccess.Get(configuration, "model");
                                deploymentNode ??= YamlAccess.Get(configuration, "azure_deployment");
                            }
                            else if (key == "configuration" && !YamlAccess.IsNull(item.Value))
                            {
                                context.Error(PromptDiagnosticCodes.InvalidValue, $"model.configuration must be a mapping, not {YamlAccess.Describe(item.Value)}.", item.Value);
                            }

                            break;
                        case "parameters" when item.Value is YMapping v1:
                            parameters.Read(v1, "model.parameters");
                            break;
                        case "options" when item.Value is YMapping options:
                            parameters.Read(options, "model.options", new[] { "kind", "type" });
                            break;
                        case "parameters" or "options":
                            if (!YamlAccess.IsNull(item.Value))
                            {
                                context.Error(PromptDiagnosticCodes.InvalidValue, $"model.{key} must be a mapping, not {YamlAccess.Describe(item.Value)}.", item.Value);
                            }

                            break;
                        // How the response is returned (first choice or full), who serves it: nothing to count or price.
                        case "provider" or "type" or "response":
                            break;
                        default:
                            context.Unknown(item.Key, key, "model");
                            break;
                    }
                }

                break;
            default:
                context.Error(PromptDiagnosticCodes.InvalidValue, $"'model' must be a model id or a mapping, not {YamlAccess.Describe(entry.Value.Value)}.", entry.Value.Value);
                return null;
        }

        foreach (var candidate in new[] { idNode, nameNode, modelKeyNode, deploymentNode })
        {
            if (YamlAccess.Text(candidate) is { } text && text.Trim().Length > 0)
            {
                modelNode = candidate;
                break;
            }
        }

        if (modelNode is null)
        {
            // Only connection settings: the deployment is chosen by the application.
            context.Record("model", entry.Value.Key);
            return string.Empty;
        }

        var value = YamlAccess.Text(modelNode)!.Trim();
        context.Record("model", modelNode);
        var env = EnvReference.Match(value);
        if (env.Success)
        {
            // Chosen at run time from the environment: its default when it has one, else no model (priced with a default).
            return env.Groups[2].Success ? env.Groups[2].Value.Trim() : string.Empty;
        }

        // A placeholder left from a template ('<your-deployment>') names no model.
        return value.StartsWith("<", StringComparison.Ordinal) && value.EndsWith(">", StringComparison.Ordinal) ? string.Empty : value;
    }

    private static VariableList ReadVariables(ImportContext context, YMapping root)
    {
        var variables = new VariableList();
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var inputs = YamlAccess.Get(root, "inputs");
        switch (inputs)
        {
            case YMapping byName:
                foreach (var entry in YamlAccess.Entries(byName))
                {
                    ReadInput(context, variables, rejected, entry.Key.Value!, entry.Key, entry.Value);
                }

                break;
            case YSequence list:
                foreach (var item in list.Items)
                {
                    var nameNode = item is YMapping named ? YamlAccess.Get(named, "name") : null;
                    var name = YamlAccess.Text(nameNode);
                    if (name is null)
                    {
                        context.Error(PromptDiagnosticCodes.MissingField, "An entry of 'inputs' has no 'name'; add one.", item);
                        continue;
                    }

                    ReadInput(context, variables, rejected, name, nameNode!, item);
                }

                break;
            case not null when !YamlAccess.IsNull(inputs):
                context.Error(PromptDiagnosticCodes.InvalidValue, $"'inputs' must be a mapping or a list of inputs, not {YamlAccess.Describe(inputs)}.", inputs);
                break;
        }

        var sample = YamlAccess.Find(root, "sample");
        switch (sample?.Value)
        {
            case YMapping values:
                foreach (var entry in YamlAccess.Entries(values))
                {
                    var name = entry.Key.Value!;
                    if (variables.Contains(name) || (!rejected.Contains(name) && VariableList.CheckName(context, name, context.At(entry.Key))))
                    {
        variables.Declare(name, context.At(entry.Key), null, null, entry.Value);
                    }
                }

                break;
            case YScalar reference when !YamlAccess.IsNull(reference):
                context.Ignored(sample.Value.Key, "sample", $"the sample data in '{reference.Value}' is not read on import; put sample values under 'sample:' as a mapping or on each input.");
                break;
        }

        return variables;
    }

    private static void ReadInput(ImportContext context, VariableList variables, HashSet<string> rejected, string name, YNode at, YNode value)
    {
        if (!VariableList.CheckName(context, name, context.At(at)))
        {
            rejected.Add(name);
            return;
        }

        if (value is YMapping input)
        {
            foreach (var field in YamlAccess.Entries(input))
            {
                if (!InputKeys.Contains(field.Key.Value!))
                {
                    context.Unknown(field.Key, field.Key.Value!, $"input '{name}'");
                }
            }

            // The spec's 'sample', then 'example' (what the input typically holds), then 'default'.
            variables.Declare(
                name,
                context.At(at),
                YamlAccess.Text(YamlAccess.Get(input, "description")),
                YamlAccess.Get(input, "default"),
                YamlAccess.Get(input, "sample"),
                YamlAccess.Get(input, "example"));
        }
        else
        {
            // Shorthand: 'name: value' is an input whose sample is the value.
            variables.Declare(name, context.At(at), null, null, value);
        }
    }

    private static void ReadOwner(ImportContext context, YMapping root, out string? feature, out string? team)
    {
        feature = null;
        team = null;
        if (YamlAccess.Get(root, "metadata") is not YMapping metadata)
        {
            return;
        }

        var featureNode = YamlAccess.Get(metadata, "feature");
        var teamNode = YamlAccess.Get(metadata, "team");
        feature = YamlAccess.Text(featureNode);
        team = YamlAccess.Text(teamNode);
        if (feature is not null)
        {
            context.Record("owner.feature", featureNode!);
        }

        if (team is not null)
        {
            context.Record("owner.team", teamNode!);
        }
    }

    private static TemplateDialect ReadTemplateFormat(ImportContext context, YMapping root, out string formatName)
    {
        var template = YamlAccess.Get(root, "template");
        YNode? formatNode = template switch
        {
            YScalar scalar => scalar,
            YMapping mapping => YamlAccess.Get(mapping, "format") is YMapping kind ? YamlAccess.Get(kind, "kind") : YamlAccess.Get(mapping, "format"),
            _ => null,
        };

        var format = YamlAccess.Text(formatNode)?.Trim().ToLowerInvariant();
        formatName = format ?? "jinja2";
        switch (format)
        {
            case null or "jinja2" or "jinja":
                formatName = "jinja2";
                return TemplateDialect.Jinja2;
            case "mustache":
                return TemplateDialect.Mustache;
            case "handlebars":
                return TemplateDialect.Handlebars;
            case "liquid":
                return TemplateDialect.Liquid;
            default:
                context.Warning(PromptDiagnosticCodes.UnknownKey, $"Template format '{format}' is not known; the prompt is read as jinja2.", formatNode!);
                formatName = "jinja2";
                return TemplateDialect.Jinja2;
        }
    }

    // The messages as written (split before rendering), with their positions: what the lock hashes and diagnostics point at.
    private static void ReadMessages(ImportContext context, string body, TextMap map, List<PromptMessage> messages)
    {
        foreach (var segment in PromptLayouts.RoleSegments(body))
        {
            var markerAt = segment.MarkerAt >= 0 ? map.At(segment.MarkerAt + LeadingBlanks(body, segment.MarkerAt)) : (SourcePosition?)null;
            var role = PromptLayouts.MapRole(segment.Role);
            if (role is null)
            {
                context.Warning(PromptDiagnosticCodes.UnknownKey, $"'{segment.Role}:' messages (tool results) are not imported and are ignored.", markerAt ?? map.At(segment.Start));
                continue;
            }

            var start = segment.Start;
            var end = segment.End;
            while (start < end && char.IsWhiteSpace(body[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(body[end - 1]))
            {
                end--;
            }

            if (start == end)
            {
                context.Warning(PromptDiagnosticCodes.UnknownKey, $"The '{segment.Role}:' message has no text and is ignored.", markerAt ?? map.At(segment.Start));
                continue;
            }

            var content = body.Substring(start, end - start);
            var image = MarkdownImage.Match(content);
            if (image.Success)
            {
                context.Warning(
                    PromptDiagnosticCodes.UnknownKey,
                    "Images are not imported: the markdown image stays in the text as written and the image's tokens are not counted.",
                    map.At(start + image.Index));
            }

            var index = messages.Count;
            var contentAt = map.At(start);
            context.Record($"messages[{index}]", markerAt ?? contentAt);
            context.Record($"messages[{index}].role", markerAt ?? contentAt);
            context.Record($"messages[{index}].content", contentAt);
            messages.Add(new PromptMessage { Role = role, Template = content });
        }
    }

    private static int LeadingBlanks(string text, int from)
    {
        var i = from;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i - from;
    }
}
