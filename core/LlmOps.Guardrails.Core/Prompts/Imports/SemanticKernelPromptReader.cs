using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using LlmOps.Guardrails.Core.Prompts.Rendering;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>
/// Reads a Semantic Kernel prompt YAML file (<c>PromptTemplateConfig</c>: name, description, template_format, template,
/// input_variables, execution_settings) into a <see cref="PromptDefinition"/>. The template's
/// <c>&lt;message role="..."&gt;</c> blocks (or handlebars <c>{{#message role="..."}}</c> blocks) become messages, as Semantic
/// Kernel's chat prompt parser makes them; a template without them is one user message. <c>{{$name}}</c> becomes
/// <c>{{name}}</c>. Never throws. docs/prompt-format-imports.md has the field-by-field mapping.
/// </summary>
internal static class SemanticKernelPromptReader
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline;

    private static readonly Regex HandlebarsMessage = new(@"\{\{~?\s*#message\b(.*?)~?\}\}(.*?)\{\{~?\s*/message\s*~?\}\}", Options);

    private static readonly Regex TemplateTag = new(@"\{\{.*?\}\}|\{%.*?%\}", Options);

    private static readonly HashSet<string> TopLevelKeys = new(StringComparer.Ordinal)
    {
        "name", "description", "template_format", "template", "input_variables", "output_variable", "execution_settings",
        "allow_dangerously_set_content",
    };

    private static readonly HashSet<string> InputVariableKeys = new(StringComparer.Ordinal)
    {
        "name", "description", "default", "sample", "is_required", "json_schema", "allow_dangerously_set_content",
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
            context.Error(PromptDiagnosticCodes.InvalidYaml, $"The Semantic Kernel prompt file could not be read: {ex.Message}", SourcePosition.Start);
            return context.Result(null);
        }
    }

    private static PromptReadResult ReadCore(ImportContext context, string path, string text)
    {
        text = ImportContext.NormalizeNewlines(text);
        var root = context.LoadYaml(text, "The file", out var empty);
        if (root is null)
        {
            if (empty)
            {
                context.Error(PromptDiagnosticCodes.MissingField, "The file holds no prompt: write at least 'template:' and 'execution_settings:' with a 'model_id'.", SourcePosition.Start);
            }

            return context.Result(null);
        }

        if (root is not YMapping mapping)
        {
            context.Error(PromptDiagnosticCodes.InvalidYaml, $"A Semantic Kernel prompt file is a YAML mapping (name, template, execution_settings), not {YamlAccess.Describe(root)}.", root);
            return context.Result(null);
        }

        foreach (var entry in YamlAccess.Entries(mapping))
        {
            if (!TopLevelKeys.Contains(entry.Key.Value!))
            {
                context.Unknown(entry.Key, entry.Key.Value!, "the Semantic Kernel prompt");
            }
        }

        var id = context.ReadId(mapping, "name");
        var description = YamlAccess.Text(YamlAccess.Get(mapping, "description"));
        var dialect = ReadFormat(context, mapping, out var formatName);
        var parameters = new ParameterReader(context);
        var model = ReadExecutionSettings(context, mapping, parameters, root);
        var variables = ReadInputVariables(context, mapping);

        var messages = new List<PromptMessage>();
        PromptDocument? document = null;
        variables.RecordPositions(context);
        var template = YamlAccess.Find(mapping, "template");
        if (template is null || YamlAccess.IsNull(template.Value.Value) || (template.Value.Value is YScalar blank && (blank.Value ?? string.Empty).Trim().Length == 0))
        {
            context.Error(
                PromptDiagnosticCodes.MissingField,
                "The prompt has no template: write the prompt under 'template: |' (with <message role=\"system\"> and <message role=\"user\"> blocks for a chat prompt).",
                template is null ? context.At(root) : context.At(template.Value.Key));
        }
        else if (template.Value.Value is not YScalar templateText)
        {
            context.Error(PromptDiagnosticCodes.InvalidValue, $"'template' must be text, not {YamlAccess.Describe(template.Value.Value)}.", template.Value.Value);
        }
        else
        {
            var map = TextMap.ForScalar(templateText, context, text);
            var body = templateText.Value ?? string.Empty;

            // Semantic Kernel renders the template with its engine, then parses <message> blocks out of the result.
            document = new PromptDocument
            {
                Template = body,
                Engine = dialect switch
                {
                    TemplateDialect.Handlebars => PromptTemplateEngine.Handlebars,
                    TemplateDialect.Liquid or TemplateDialect.Jinja2 => PromptTemplateEngine.Liquid,
                    _ => PromptTemplateEngine.SemanticKernel,
                },
                Layout = PromptDocumentLayout.MessageTags,
                Jinja = dialect == TemplateDialect.Jinja2,
            };
            ReadMessages(context, body, map, dialect, messages);
            var rendered = DocumentCheck.Run(context, document, map, variables, variables.Build(), formatName, "input_variables");
            if (rendered is not null && messages.Count == 0 && !context.HasErrors)
            {
                context.Error(PromptDiagnosticCodes.MissingField, "The template has no message with text: write the prompt inside <message role=\"user\"> (or leave out the message blocks).", map.At(0));
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
            Model = model,
            Parameters = parameters.Build(),
            Variables = variables.Build(),
            Messages = messages,
            SourcePath = context.Path,
            Format = PromptSourceFormat.SemanticKernel,
            Locations = context.ToSourceMap(),
            Document = document,
        });
    }

    private static TemplateDialect ReadFormat(ImportContext context, YMapping mapping, out string formatName)
    {
        var node = YamlAccess.Get(mapping, "template_format");
        var format = YamlAccess.Text(node)?.Trim().ToLowerInvariant();
        formatName = format ?? "semantic-kernel";
        switch (format)
        {
            case null or "semantic-kernel":
                formatName = "semantic-kernel";
                return TemplateDialect.SemanticKernel;
            case "handlebars":
                return TemplateDialect.Handlebars;
            case "liquid":
                return TemplateDialect.Liquid;
            case "jinja2":
                return TemplateDialect.Jinja2;
            default:
                context.Warning(PromptDiagnosticCodes.UnknownKey, $"template_format '{format}' is not known; the template is read as semantic-kernel.", node!);
                formatName = "semantic-kernel";
                return TemplateDialect.SemanticKernel;
        }
    }

    private static string? ReadExecutionSettings(ImportContext context, YMapping mapping, ParameterReader parameters, YNode root)
    {
        var entry = YamlAccess.Find(mapping, "execution_settings");
        if (entry is null || YamlAccess.IsNull(entry.Value.Value))
        {
            // Usual in Semantic Kernel: the kernel's configured service picks the model at run time.
            context.Record("model", entry is null ? context.At(root) : context.At(entry.Value.Key));
            return string.Empty;
        }

        if (entry.Value.Value is not YMapping services)
        {
            context.Error(PromptDiagnosticCodes.InvalidValue, $"'execution_settings' must be a mapping of service id to settings, not {YamlAccess.Describe(entry.Value.Value)}.", entry.Value.Value);
            return null;
        }

        KeyValuePair<YScalar, YNode>? chosen = YamlAccess.Find(services, "default");
        foreach (var service in YamlAccess.Entries(services))
        {
            chosen ??= service;
        }

        if (chosen is null)
        {
            context.Record("model", entry.Value.Key);
            return string.Empty;
        }

        var chosenName = chosen.Value.Key.Value!;
        foreach (var service in YamlAccess.Entries(services))
        {
            if (!ReferenceEquals(service.Key, chosen.Value.Key))
            {
                context.Ignored(service.Key, $"execution_settings.{service.Key.Value}", $"only one set of execution settings is imported ('{chosenName}').");
            }
        }

        if (chosen.Value.Value is not YMapping settings)
        {
            if (!YamlAccess.IsNull(chosen.Value.Value))
            {
                context.Error(PromptDiagnosticCodes.InvalidValue, $"execution_settings.{chosenName} must be a mapping of settings, not {YamlAccess.Describe(chosen.Value.Value)}.", chosen.Value.Value);
                return null;
            }

            context.Record("model", chosen.Value.Key);
            return string.Empty;
        }

        parameters.Read(settings, $"execution_settings.{chosenName}", new[] { "model_id", "service_id" });
        var modelNode = YamlAccess.Get(settings, "model_id");
        var model = YamlAccess.Text(modelNode)?.Trim();
        if (model is null || model.Length == 0)
        {
            // Settings without a model (temperature, max_tokens): the service still picks the model.
            context.Record("model", chosen.Value.Key);
            return string.Empty;
        }

        context.Record("model", modelNode!);
        return model;
    }

    private static VariableList ReadInputVariables(ImportContext context, YMapping mapping)
    {
        var variables = new VariableList();
        var node = YamlAccess.Get(mapping, "input_variables");
        if (node is null || YamlAccess.IsNull(node))
        {
            return variables;
        }

        if (node is not YSequence list)
        {
            context.Error(PromptDiagnosticCodes.InvalidValue, $"'input_variables' must be a list of '- name: ...' entries, not {YamlAccess.Describe(node)}.", node);
            return variables;
        }

        foreach (var item in list.Items)
        {
            if (item is not YMapping variable)
            {
                context.Error(PromptDiagnosticCodes.InvalidValue, $"Each entry of 'input_variables' must be a mapping with 'name', not {YamlAccess.Describe(item)}.", item);
                continue;
            }

            var nameNode = YamlAccess.Get(variable, "name");
            var name = YamlAccess.Text(nameNode)?.Trim();
            if (name is null || name.Length == 0)
            {
                context.Error(PromptDiagnosticCodes.MissingField, "An entry of 'input_variables' has no 'name'; add one.", item);
                continue;
            }

            foreach (var field in YamlAccess.Entries(variable))
            {
                if (!InputVariableKeys.Contains(field.Key.Value!))
                {
                    context.Unknown(field.Key, field.Key.Value!, $"input variable '{name}'");
                }
            }

            if (name.StartsWith("$", StringComparison.Ordinal))
            {
                name = name.Substring(1);
            }

            if (!VariableList.CheckName(context, name, context.At(nameNode!)))
            {
                continue;
            }

            variables.Declare(
                name,
                context.At(nameNode!),
                YamlAccess.Text(YamlAccess.Get(variable, "description")),
                YamlAccess.Get(variable, "default"),
                YamlAccess.Get(variable, "sample"));
        }

        return variables;
    }

    // The messages as written (split before rendering), with their positions: what the lock hashes and diagnostics point at.
    private static void ReadMessages(ImportContext context, string template, TextMap map, TemplateDialect dialect, List<PromptMessage> messages)
    {
        var blocks = new List<Match>();
        foreach (Match match in PromptLayouts.XmlMessage.Matches(template))
        {
            blocks.Add(match);
        }

        if (dialect is TemplateDialect.Handlebars)
        {
            foreach (Match match in HandlebarsMessage.Matches(template))
            {
                if (!blocks.Exists(b => match.Index < b.Index + b.Length && b.Index < match.Index + match.Length))
                {
                    blocks.Add(match);
                }
            }
        }

        blocks.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (blocks.Count == 0)
        {
            // Semantic Kernel sends a template without message blocks as one user message.
            AddMessage(context, template, 0, template.Length, "user", null, map, messages);
            return;
        }

        var outsideReported = false;
        var previousEnd = 0;
        foreach (var block in blocks)
        {
            CheckOutside(context, template, previousEnd, block.Index, map, ref outsideReported);
            previousEnd = block.Index + block.Length;

            var blockAt = map.At(block.Index);
            var roleMatch = PromptLayouts.RoleAttribute.Match(block.Groups[1].Value);
            var written = roleMatch.Success ? roleMatch.Groups[1].Value.Trim() : string.Empty;
            if (written.Contains("{{") || written.Contains("{%"))
            {
                // The role comes from the data (a chat history loop): known only when rendered.
                AddMessage(context, template, block.Groups[2].Index, block.Groups[2].Index + block.Groups[2].Length, "user", blockAt, map, messages);
                continue;
            }

            string role;
            switch (written.ToLowerInvariant())
            {
                case "system" or "developer":
                    role = "system";
                    break;
                case "user":
                    role = "user";
                    break;
                case "assistant":
                    role = "assistant";
                    break;
                case "tool":
                    context.Warning(PromptDiagnosticCodes.UnknownKey, "A message with role 'tool' (a tool result) is not imported and is ignored.", blockAt);
                    continue;
                case "":
                    context.Error(PromptDiagnosticCodes.MissingField, "This <message> has no role: write <message role=\"system\">, \"user\" or \"assistant\".", blockAt);
                    continue;
                default:
                    context.Error(PromptDiagnosticCodes.InvalidValue, $"The message role '{written}' is not supported: use system, user or assistant.", blockAt);
                    continue;
            }

            var content = block.Groups[2];
            AddMessage(context, template, content.Index, content.Index + content.Length, role, blockAt, map, messages);
        }

        CheckOutside(context, template, previousEnd, template.Length, map, ref outsideReported);
    }

    // Text between message blocks is dropped by Semantic Kernel (template tags there, such as loops around blocks, are fine).
    private static void CheckOutside(ImportContext context, string template, int start, int end, TextMap map, ref bool reported)
    {
        if (end <= start || reported)
        {
            return;
        }

        var text = TemplateTag.Replace(template.Substring(start, end - start), match => new string(' ', match.Length));
        var firstText = 0;
        while (firstText < text.Length && char.IsWhiteSpace(text[firstText]))
        {
            firstText++;
        }

        if (firstText < text.Length)
        {
            reported = true;
            context.Warning(
                PromptDiagnosticCodes.UnknownKey,
                "Text outside the <message> blocks is ignored (Semantic Kernel drops it too); move it into a message.",
                map.At(start + firstText));
        }
    }

    private static void AddMessage(ImportContext context, string template, int start, int end, string role, SourcePosition? blockAt, TextMap map, List<PromptMessage> messages)
    {
        while (start < end && char.IsWhiteSpace(template[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(template[end - 1]))
        {
            end--;
        }

        var raw = template.Substring(start, end - start);
        if (PromptLayouts.ImageElement.IsMatch(raw))
        {
            context.Warning(PromptDiagnosticCodes.UnknownKey, "Images (<image>) are not imported: they are removed and their tokens are not counted.", blockAt ?? map.At(start));
        }

        var text = PromptLayouts.MessageTagContent(raw);
        if (text.Length == 0)
        {
            context.Warning(PromptDiagnosticCodes.UnknownKey, $"An empty '{role}' message is ignored.", blockAt ?? map.At(start));
            return;
        }

        var index = messages.Count;
        var contentAt = map.At(start);
        context.Record($"messages[{index}]", blockAt ?? contentAt);
        context.Record($"messages[{index}].role", blockAt ?? contentAt);
        context.Record($"messages[{index}].content", contentAt);
        messages.Add(new PromptMessage { Role = role, Template = text });
    }
}
