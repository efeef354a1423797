using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;
using LlmOps.Guardrails.Tokenizers.ML;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary><c>dotnet eval tokens</c>: how many tokens a file, folder or stdin holds, and what sending it costs.</summary>
internal static class TokensCommand
{
    private static readonly string[] TextPatterns = ["*.prompt.yaml", "*.prompty", "*.yaml", "*.yml", "*.txt", "*.md"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var pathArgument = new Argument<string>("path")
        {
            Description = "A file, a folder (its *.prompt.yaml, *.prompty, Semantic Kernel *.yaml, *.txt and *.md files) or '-' for standard input. Prompt files count as the messages a call sends (templates rendered by their format's engine with the variables' samples, chat framing included), as prompts.lock.json does; other text counts as it is. Exit 3 when a prompt file is refused by its format.",
        };
        var modelOption = new Option<string>("--model", "-m")
        {
            Description = "The model whose tokenizer and input price apply.",
            DefaultValueFactory = _ => "gpt-4o-2024-08-06",
        };
        var modelsOption = new Option<string?>("--models")
        {
            Description = "The team's llmops.models.yaml (default: llmops.models.yaml in the current folder, if there is one). Its models, prices and tokenizer files apply: a self-hosted model with a tokenizer_file is counted with its own tokenizer.",
        };

        var command = new Command("tokens", "Count tokens and price them as input for one call.\n\nExample:\n  dotnet eval tokens prompts --model gpt-4o-2024-08-06\n  echo \"Hello\" | dotnet eval tokens - --model claude-sonnet-4-5-20250929")
        {
            pathArgument,
            modelOption,
            modelsOption,
        };
        command.SetAction(parseResult => Execute(
            parseResult.GetRequiredValue(pathArgument),
            parseResult.GetRequiredValue(modelOption),
            parseResult.GetValue(modelsOption),
            output,
            error));
        return command;
    }

    private static int Execute(string path, string modelId, string? modelsFile, TextWriter output, TextWriter error)
    {
        if (!ModelsFileCatalog.TryLoad(modelsFile, error, out var catalog) || ModelResolver.Resolve(modelId, catalog, error) is not { } model)
        {
            return ExitCodes.CouldNotRun;
        }

        // The model's own tokenizer file when it has one, else its catalog tokenizer; a file that cannot be loaded stops here.
        ITokenCounter counter;
        try
        {
            counter = TokenCounters.ForModel(model, TokenizerFileCounters.Shared);
        }
        catch (CatalogException ex)
        {
            error.WriteLine(ex.Message);
            return ExitCodes.CouldNotRun;
        }

        List<(string Name, string Text)> inputs;
        try
        {
            inputs = ReadInputs(path);
        }
        catch (IOException ex)
        {
            error.WriteLine($"error LLME002: Cannot read '{path}': {ex.Message}");
            return ExitCodes.CouldNotRun;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine($"error LLME002: Cannot read '{path}': {ex.Message}");
            return ExitCodes.CouldNotRun;
        }

        if (inputs.Count == 0)
        {
            error.WriteLine($"error LLME003: No prompt or text files under '{path}'. Point at a file, a folder with *.prompt.yaml, *.prompty or Semantic Kernel *.yaml files, or '-'.");
            return ExitCodes.CouldNotRun;
        }

        var table = new TextTable("file", "format", "tokens", "cost/call (USD)", "cost/1k calls (USD)");
        long total = 0;
        var anyEstimate = false;
        var anyPrompt = false;
        var refused = 0;
        foreach (var (name, text) in inputs)
        {
            var prompt = PromptMessages(name, text);
            if (prompt is { Messages: null })
            {
                // Refused by its own format: its diagnostics say why; a guess at its tokens would mislead.
                refused++;
                foreach (var diagnostic in prompt.Diagnostics.Where(d => d.IsError))
                {
                    error.WriteLine(diagnostic.ToString());
                }

                table.AddRow(name, prompt.Format, "refused", "-", "-");
                continue;
            }

            anyPrompt |= prompt is not null;
            var count = prompt is null ? counter.Count(text) : counter.CountChat(prompt.Messages!);
            anyEstimate |= count.IsEstimate;
            total += count.Tokens;
            var cost = CostEngine.Calculate(model, new TokenUsage { InputTokens = count.Tokens });
            table.AddRow(
                name,
                prompt?.Format ?? "text",
                FormatTokens(count),
                cost.TotalCost.ToString("0.000000", CultureInfo.InvariantCulture),
                cost.PerThousandCalls.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        output.WriteLine($"Model {model.Id} ({model.Provider}), tokenizer {counter.Family}, prices checked {FormatDate(model.PricesCheckedOn)}");
        table.WriteTo(output);
        output.WriteLine($"Total: {total.ToString("N0", CultureInfo.InvariantCulture)} tokens in {inputs.Count - refused} file(s).");
        if (anyPrompt)
        {
            output.WriteLine("Prompt files count as the messages one call sends: templates rendered by their format's engine with the variables' samples, chat framing included.");
        }

        if (anyEstimate)
        {
            output.WriteLine("~ marks an estimate: this provider publishes no tokenizer. Provider-reported usage is exact.");
        }

        if (refused > 0)
        {
            error.WriteLine($"error LLME006: {refused} prompt file(s) refused by their format (errors above); fix them to count their tokens.");
            return ExitCodes.CouldNotRun;
        }

        return ExitCodes.Success;
    }

    private sealed record PromptRead(string Format, IReadOnlyList<ChatMessageText>? Messages, IReadOnlyList<PromptDiagnostic> Diagnostics);

    /// <summary>
    /// A prompt file's rendered messages, as the build's lock counts them, with the format its content was read as;
    /// Messages is null when its format refuses it. Null for text that is no prompt file.
    /// </summary>
    private static PromptRead? PromptMessages(string name, string text)
    {
        if (!IsPromptFile(name, text, out var detected)) return null;
        var format = FormatLabel(detected.Format);
        var read = PromptFileReader.Read(name, text);
        if (read.HasErrors || read.Prompt is null) return new PromptRead(format, null, read.Diagnostics);
        try
        {
            return new PromptRead(format, PromptRenderer.Render(read.Prompt), read.Diagnostics);
        }
        catch (InvalidOperationException ex)
        {
            return new PromptRead(format, null, [new PromptDiagnostic(PromptDiagnosticCodes.TemplateNotRenderable, PromptSeverity.Error, ex.Message, name, 1, 1)]);
        }
    }

    private static string FormatLabel(PromptSourceFormat format) => format switch
    {
        PromptSourceFormat.Prompty => "prompty",
        PromptSourceFormat.SemanticKernel => "semantic-kernel",
        _ => "prompt-yaml",
    };

    // Prompt files by name (*.prompt.yaml, *.prompty), and any other YAML file whose content marks it as one (a
    // Semantic Kernel prompt named getIntent.yaml); other YAML (configs, datasets) and text are counted as text.
    private static bool IsPromptFile(string name, string text, out PromptFormatDetection detected)
    {
        detected = PromptFileReader.Detect(name, text);
        if (name.EndsWith(".prompt.yaml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".prompt.yml", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".prompty", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            && detected.MarkedByContent;
    }

    private static bool IsYaml(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static string FormatTokens(TokenCount count) =>
        (count.IsEstimate ? "~" : string.Empty) + count.Tokens.ToString("N0", CultureInfo.InvariantCulture);

    private static string FormatDate(DateTime? date) =>
        date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "unknown";

    private static List<(string Name, string Text)> ReadInputs(string path)
    {
        if (path == "-")
        {
            return [("<stdin>", Console.In.ReadToEnd())];
        }

        if (File.Exists(path))
        {
            return [(path, File.ReadAllText(path))];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException("No such file or folder.", path);
        }

        return TextPatterns
            .SelectMany(pattern => Directory.EnumerateFiles(path, pattern, SearchOption.AllDirectories))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(file => file, StringComparer.Ordinal)
            .Select(file => (Path.GetRelativePath(path, file).Replace('\\', '/'), File.ReadAllText(file)))
            // YAML that is no prompt (a config, a dataset) is not the folder's text.
            .Where(input => !IsYaml(input.Item1) || IsPromptFile(input.Item1, input.Item2, out _))
            .ToList();
    }
}
