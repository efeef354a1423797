using System;
using System.Collections.Generic;
using System.Text.Json;
using HandlebarsDotNet;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// Handlebars through Handlebars.Net, for Semantic Kernel's <c>template_format: handlebars</c> and Prompty's mustache
/// and handlebars formats. The helpers Semantic Kernel's handlebars templates use are registered (<c>message</c>,
/// <c>json</c>, <c>concat</c>, <c>equals</c>, <c>raw</c>, <c>set</c>/<c>get</c>); any other helper is a kernel function
/// call, whose output is unknown before run time: it renders as nothing and is reported.
/// </summary>
internal static class HandlebarsEngine
{
    [ThreadStatic]
    private static List<string>? _calls;

    private static readonly IHandlebars Environment = Create();

    /// <summary>Compiles (to check syntax); throws <see cref="TemplateRenderException"/>.</summary>
    public static HandlebarsTemplate<object, object> Compile(string template)
    {
        try
        {
            return Environment.Compile(template);
        }
        catch (HandlebarsException ex)
        {
            throw new TemplateRenderException(ex.Message, 0);
        }
    }

    /// <summary>Renders; <paramref name="functionCalls"/> gets the name of each helper that is a function call.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, object?> values, ICollection<string>? functionCalls = null)
    {
        var compiled = Compile(template);
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in values)
        {
            data[pair.Key] = pair.Value;
        }

        var previous = _calls;
        var calls = new List<string>();
        _calls = calls;
        try
        {
            return compiled(data);
        }
        catch (HandlebarsException ex)
        {
            throw new TemplateRenderException(ex.Message, 0);
        }
        finally
        {
            _calls = previous;
            if (functionCalls is not null)
            {
                foreach (var call in calls)
                {
                    functionCalls.Add(call);
                }
            }
        }
    }

    private static IHandlebars Create()
    {
        var handlebars = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = false });
        handlebars.RegisterHelper("message", (writer, options, context, arguments) =>
        {
            string? role = null;
            for (var i = 0; i < arguments.Length; i++)
            {
                // Handlebars.Net passes hash arguments (role="user") as a dictionary after the positional ones.
                if (arguments[i] is IDictionary<string, object> hash && hash.TryGetValue("role", out var value))
                {
                    role = value?.ToString();
                }
            }

            writer.WriteSafeString("<message role=\"" + (role ?? string.Empty) + "\">");
            options.Template(writer, context);
            writer.WriteSafeString("</message>");
        });
        handlebars.RegisterHelper("json", (context, arguments) => arguments.Length == 0 ? string.Empty : ToJson(arguments[0]));
        handlebars.RegisterHelper("concat", (context, arguments) =>
        {
            var text = new System.Text.StringBuilder();
            for (var i = 0; i < arguments.Length; i++)
            {
                text.Append(arguments[i]?.ToString());
            }

            return text.ToString();
        });
        handlebars.RegisterHelper("equals", (context, arguments) => arguments.Length >= 2 && Equals(arguments[0]?.ToString(), arguments[1]?.ToString()));
        handlebars.RegisterHelper("raw", (writer, options, context, arguments) => options.Template(writer, context));
        handlebars.RegisterHelper("set", (context, arguments) => string.Empty);
        handlebars.RegisterHelper("get", (context, arguments) => string.Empty);
        handlebars.RegisterHelper("helperMissing", (context, arguments) =>
        {
            _calls?.Add(arguments.Length > 0 ? arguments[arguments.Length - 1]?.ToString() ?? "?" : "?");
            return string.Empty;
        });
        return handlebars;
    }

    private static string ToJson(object? value) =>
        value is string text ? text : JsonSerializer.Serialize(value);
}
