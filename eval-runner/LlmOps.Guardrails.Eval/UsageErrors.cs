using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Linq;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval;

/// <summary>
/// Turns the parser's errors into lines a user can act on: an unknown option or verb with "did you mean", a bad value
/// named by what it should be ("--repeats: 'abc' is not a whole number"), never a .NET type name. A usage error is
/// "could not run" (exit 3), so CI never mistakes a typo in a workflow file for a quality regression (exit 1).
/// </summary>
internal static class UsageErrors
{
    /// <summary>The error lines of a parse, empty when the command line is usable.</summary>
    public static IReadOnlyList<string> Describe(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var lines = new List<string>();
        var unknown = UnknownTokens(parseResult).ToList();
        foreach (string token in unknown) lines.Add(DescribeUnknown(command, token));

        foreach (var error in parseResult.Errors)
        {
            // The parser reports each unmatched token too ("Unrecognized command or argument 'x'"), and a root without a
            // verb as "Required command was not provided": both are said above, in our words.
            if (unknown.Any(token => error.Message.Contains("'" + token + "'", StringComparison.Ordinal))) continue;
            if (error.SymbolResult is CommandResult { Command: RootCommand root })
            {
                if (unknown.Count == 0) lines.Add($"no verb given; the verbs are {Verbs(root)}.");
                continue;
            }

            // A verb with verbs of its own (`audit verify`) given none.
            if (error.SymbolResult is CommandResult { Command: { Subcommands.Count: > 0 } parent } && unknown.Count == 0)
            {
                lines.Add($"{parent.Name}: no verb given; its verbs are {Verbs(parent)}.");
                continue;
            }

            lines.Add(DescribeError(error));
        }

        if (lines.Count == 0 && parseResult.Errors.Count > 0) lines.Add("the command line could not be read.");
        return lines.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The one-line pointer to the verb's options printed after the errors.</summary>
    public static string HelpHint(ParseResult parseResult) =>
        parseResult.CommandResult.Command is RootCommand
            ? "Run 'dotnet eval --help' for the verbs."
            : $"Run 'dotnet eval {parseResult.CommandResult.Command.Name} --help' for its options.";

    /// <summary>
    /// Tokens that name nothing: the parser's unmatched tokens, and option-like tokens it bound to a verb's free-form
    /// argument (merge takes any number of paths, so `merge --ofline` would otherwise be read as a path).
    /// </summary>
    private static IEnumerable<string> UnknownTokens(ParseResult parseResult)
    {
        foreach (var token in parseResult.UnmatchedTokens) yield return token;
        foreach (var argument in parseResult.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (token.Value.StartsWith("--", StringComparison.Ordinal)) yield return token.Value;
            }
        }
    }

    private static string DescribeUnknown(Command command, string token)
    {
        if (command is RootCommand)
        {
            string? verb = token.StartsWith('-') ? null : NodeReader.Suggest(token, command.Subcommands.Select(c => c.Name));
            string what = token.StartsWith('-') ? "unknown option" : "unknown verb";
            return verb is null
                ? $"{what} '{token}'; the verbs are {Verbs(command)}."
                : $"{what} '{token}'; did you mean '{verb}'?";
        }

        if (!token.StartsWith('-')) return $"unexpected argument '{token}' for {command.Name}.";
        var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        string? suggestion = NodeReader.Suggest(token.Split('=', ':')[0], names);
        return suggestion is null
            ? $"unknown option '{token}' for {command.Name}."
            : $"unknown option '{token}' for {command.Name}; did you mean '{suggestion}'?";
    }

    private static string Verbs(Command root) => string.Join(", ", root.Subcommands.Select(c => c.Name));

    private static string DescribeError(ParseError error)
    {
        var (option, tokens) = error.SymbolResult switch
        {
            OptionResult o => (o.Option, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option, a.Tokens),
            _ => ((Option?)null, (IReadOnlyList<Token>)Array.Empty<Token>()),
        };
        if (option is not null)
        {
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            foreach (var token in tokens)
            {
                if (Expected(type, token.Value) is { } expected) return $"{option.Name}: '{token.Value}' is not {expected}.";
            }
        }

        // The parser's own wording for the rest ("Option '--baseline' is required."), unless it leaks a .NET type.
        string message = error.Message;
        if (message.Contains("System.", StringComparison.Ordinal))
        {
            message = option is null ? "a value on the command line is not valid." : $"{option.Name}: the value is not valid.";
        }

        return message.TrimEnd('.') + ".";
    }

    /// <summary>What a value should have been, or null when <paramref name="value"/> converts to <paramref name="type"/>.</summary>
    private static string? Expected(Type type, string value)
    {
        var invariant = CultureInfo.InvariantCulture;
        return type == typeof(int) ? (int.TryParse(value, NumberStyles.Integer, invariant, out _) ? null : "a whole number")
            : type == typeof(long) ? (long.TryParse(value, NumberStyles.Integer, invariant, out _) ? null : "a whole number")
            : type == typeof(decimal) ? (decimal.TryParse(value, NumberStyles.Number, invariant, out _) ? null : "a number")
            : type == typeof(double) ? (double.TryParse(value, NumberStyles.Float, invariant, out _) ? null : "a number")
            : type == typeof(bool) ? (bool.TryParse(value, out _) ? null : "true or false")
            : type == typeof(DateTimeOffset) ? (DateTimeOffset.TryParse(value, invariant, DateTimeStyles.AssumeUniversal, out _) ? null : "a date such as 2025-06-30")
            : type == typeof(DateTime) ? (DateTime.TryParse(value, invariant, DateTimeStyles.AssumeUniversal, out _) ? null : "a date such as 2025-06-30")
            : null;
    }
}
