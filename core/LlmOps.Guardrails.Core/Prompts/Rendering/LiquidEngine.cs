using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Fluid;
using Fluid.Values;

namespace LlmOps.Guardrails.Core.Prompts.Rendering;

/// <summary>
/// Liquid through Fluid, for <c>.prompty</c> bodies (Jinja2, with <see cref="JinjaToLiquid"/>) and Semantic Kernel's
/// <c>liquid</c> format. Output is not escaped (prompts are not HTML), unknown filters are errors rather than silently
/// returning their input, and every variable the template reads that has no value is reported.
/// </summary>
internal static class LiquidEngine
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false, AllowParentheses = true });

    private static readonly AsyncLocal<List<string>?> Undefined = new();

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictFilters()
        .WithCultureInfo(CultureInfo.InvariantCulture)
        .WithMaxSteps(1_000_000)
        .WithMaxOutputSize(16 * 1024 * 1024)
        .WithUndefined((name, parent) => OnUndefined(name, parent is null))
        // Jinja2 names for filters Liquid spells differently, so a Prompty template counts as Jinja2 renders it.
        .AddFilter("length", (input, _, context) => NumberValue.Create(Length(input, context)))
        .AddFilter("count", (input, _, context) => NumberValue.Create(Length(input, context)))
        .AddFilter("lower", (input, _, context) => StringValue.Create(input.ToStringValue(context).ToLowerInvariant()))
        .AddFilter("upper", (input, _, context) => StringValue.Create(input.ToStringValue(context).ToUpperInvariant()))
        .AddFilter("trim", (input, _, context) => StringValue.Create(input.ToStringValue(context).Trim()))
        .AddFilter("tojson", (input, _, context) => StringValue.Create(System.Text.Json.JsonSerializer.Serialize(ToPlain(input, context))))
        .Build();

    /// <summary>Parses <paramref name="template"/>; throws <see cref="TemplateRenderException"/> at the error's offset.</summary>
    public static IFluidTemplate Parse(string template, bool jinja, out JinjaToLiquid? rewrite)
    {
        rewrite = jinja ? JinjaToLiquid.Rewrite(template) : null;
        var text = rewrite?.Text ?? template;
        try
        {
            return Parser.Parse(text);
        }
        catch (ParseException ex)
        {
            var offset = ex.Position is { } position ? Offset(text, position.Line, position.Column) : 0;
            throw new TemplateRenderException(FirstLine(ex.Message), rewrite?.OriginalOffset(offset) ?? offset);
        }
    }

    /// <summary>Renders; <paramref name="undefined"/> gets each variable read without a value (names as written, first segment).</summary>
    public static string Render(string template, bool jinja, IReadOnlyDictionary<string, object?> values, ICollection<string>? undefined = null)
    {
        var parsed = Parse(template, jinja, out _);
        var context = new TemplateContext(Options);
        foreach (var pair in values)
        {
            context.SetValue(pair.Key, FluidValue.Create(pair.Value, Options));
        }

        var seen = new List<string>();
        var previous = Undefined.Value;
        Undefined.Value = seen;
        try
        {
            return parsed.Render(context);
        }
        catch (Exception ex) when (ex is FluidException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new TemplateRenderException(FirstLine(ex.Message), 0);
        }
        finally
        {
            Undefined.Value = previous;
            if (undefined is not null)
            {
                foreach (var name in seen)
                {
                    undefined.Add(name);
                }
            }
        }
    }

    // Only variables missing at the top level are undeclared inputs; a missing member of an object is data.
    private static ValueTask<FluidValue> OnUndefined(string name, bool topLevel)
    {
        if (topLevel)
        {
            Undefined.Value?.Add(name);
        }

        return new ValueTask<FluidValue>(NilValue.Instance);
    }

    private static decimal Length(FluidValue input, TemplateContext context) => input.Type switch
    {
        FluidValues.Array or FluidValues.Dictionary => input.GetValueAsync("size", context).GetAwaiter().GetResult().ToNumberValue(context),
        FluidValues.Nil => 0,
        _ => input.ToStringValue(context).Length,
    };

    private static object? ToPlain(FluidValue value, TemplateContext context) => value.Type switch
    {
        FluidValues.Nil => null,
        FluidValues.Boolean => value.ToBooleanValue(context),
        FluidValues.Number => value.ToNumberValue(context),
        FluidValues.String => value.ToStringValue(context),
        _ => value.ToObjectValue(context),
    };

    private static int Offset(string text, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; current++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0)
            {
                return text.Length;
            }

            offset = next + 1;
        }

        return Math.Min(text.Length, offset + Math.Max(0, column - 1));
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf('\n');
        return (cut < 0 ? message : message.Substring(0, cut)).Trim();
    }
}
