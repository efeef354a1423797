using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval cost</c>: what one call with a given usage costs, per 1k calls and per month.</summary>
internal static class CostCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string?>("--model", "-m") { Description = "Model id, alias or provider/model." };
        var input = TokenOption("--input", "Input tokens per call, including cached and cache-write tokens.");
        var cached = TokenOption("--cached-input", "Of the input, tokens read from the prompt cache.");
        var cacheWrite = TokenOption("--cache-write", "Of the input, tokens written to a 5-minute cache.");
        var cacheWrite1h = TokenOption("--cache-write-1h", "Of the input, tokens written to a 1-hour cache.");
        var outputTokens = TokenOption("--output", "Output tokens per call, including reasoning tokens.");
        var reasoning = TokenOption("--reasoning", "Of the output, reasoning tokens (billed as output, never twice).");
        var callsPerDay = new Option<long>("--calls-per-day") { Description = "Traffic for the monthly projection.", DefaultValueFactory = _ => 1000 };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Price at this date (price history applies). Default: now." };
        var list = new Option<bool>("--list") { Description = "List the catalog's models with their prices instead." };

        var command = new Command("cost", "Price one call from the model catalog.\n\nExample:\n  dotnet eval cost --model gpt-4o-2024-08-06 --input 1200 --cached-input 1000 --output 300 --calls-per-day 50000")
        {
            model, input, cached, cacheWrite, cacheWrite1h, outputTokens, reasoning, callsPerDay, at, list,
        };
        command.SetAction(parseResult =>
        {
            if (parseResult.GetValue(list))
            {
                return ListModels(output);
            }

            var modelId = parseResult.GetValue(model);
            if (string.IsNullOrWhiteSpace(modelId))
            {
                error.WriteLine("error LLME004: --model is required (or use --list). Example: dotnet eval cost --model gpt-4o-2024-08-06 --input 1000 --output 200");
                return ExitCodes.CouldNotRun;
            }

            if (ModelResolver.Resolve(modelId!, error) is not { } info)
            {
                return ExitCodes.CouldNotRun;
            }

            var usage = new TokenUsage
            {
                InputTokens = parseResult.GetValue(input),
                CachedInputTokens = parseResult.GetValue(cached),
                CacheWrite5mTokens = parseResult.GetValue(cacheWrite),
                CacheWrite1hTokens = parseResult.GetValue(cacheWrite1h),
                OutputTokens = parseResult.GetValue(outputTokens),
                ReasoningTokens = parseResult.GetValue(reasoning),
            };
            CostBreakdown cost;
            try
            {
                cost = CostEngine.Calculate(info, usage, parseResult.GetValue(at));
            }
            catch (ArgumentException ex)
            {
                error.WriteLine($"error LLME005: {ex.Message}");
                return ExitCodes.CouldNotRun;
            }

            var daily = parseResult.GetValue(callsPerDay);
            var table = new TextTable("part", "USD");
            table.AddRow("input", Usd(cost.InputCost));
            table.AddRow("cached input", Usd(cost.CachedInputCost));
            table.AddRow("cache write", Usd(cost.CacheWriteCost));
            table.AddRow("output", Usd(cost.OutputCost));
            table.AddRow("per call", Usd(cost.TotalCost));
            table.AddRow("per 1k calls", Usd(cost.PerThousandCalls));
            table.AddRow($"per month at {daily.ToString("N0", CultureInfo.InvariantCulture)} calls/day", Usd(cost.MonthlyAt(daily)));
            output.WriteLine($"Model {info.Id} ({info.Provider})");
            table.WriteTo(output);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<long> TokenOption(string name, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => 0 };

    private static string Usd(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static int ListModels(TextWriter output)
    {
        var table = new TextTable("model", "provider", "kind", "input $/M", "output $/M", "status");
        var now = DateTimeOffset.UtcNow;
        foreach (var model in ModelCatalog.Default.Models.OrderBy(m => m.Provider, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            var price = model.PriceAt(now);
            table.AddRow(
                model.Id,
                model.Provider,
                model.IsAlias ? $"alias of {model.ResolvesTo}" : "pinned",
                price.InputPerMillion.ToString("0.####", CultureInfo.InvariantCulture),
                price.OutputPerMillion.ToString("0.####", CultureInfo.InvariantCulture),
                model.StatusAt(now).ToString());
        }

        table.WriteTo(output);
        return ExitCodes.Success;
    }
}
