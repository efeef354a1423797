using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Tests.CommandLine;

/// <summary>
/// Usage errors through the real command line: every verb answers an unknown option and a bad value with exit 3
/// ("could not run", never 1, which CI reads as a quality regression) and a message that names no .NET type.
/// </summary>
public sealed class UsageErrorTests
{
    // A .NET type name as the parser would print it: System.Int64, System.Nullable`1[System.Int32], ...
    private static readonly Regex DotNetType = new(@"System\.[A-Z]", RegexOptions.CultureInvariant);

    /// <summary>Per verb, an option it does not have (misspelt where one is close).</summary>
    public static TheoryData<string, string[]> UnknownOptions() => new()
    {
        { "compare", new[] { "compare", "--baseline", "HEAD", "--ofline" } },
        { "merge", new[] { "merge", "shard-1", "--bogus" } },
        { "history", new[] { "history", "--lats", "3" } },
        { "comment", new[] { "comment", "--tagg", "unit" } },
        { "init", new[] { "init", "--forse" } },
        { "tokens", new[] { "tokens", "-", "--modle", "gpt-4o" } },
        { "cost", new[] { "cost", "--modle", "gpt-4o" } },
    };

    /// <summary>Per verb, the option whose value is bad: a numeric option where the verb has one, else a missing value.</summary>
    public static TheoryData<string, string, string[]> BadValues() => new()
    {
        { "compare", "--repeats", new[] { "compare", "--baseline", "HEAD", "--repeats", "abc" } },
        { "merge", "--out", new[] { "merge", "shard-1", "--out" } },
        { "history", "--last", new[] { "history", "--last", "three" } },
        { "comment", "--report-dir", new[] { "comment", "--report-dir" } },
        { "init", "--directory", new[] { "init", "--directory" } },
        { "tokens", "--model", new[] { "tokens", "-", "--model" } },
        { "cost", "--input", new[] { "cost", "--model", "gpt-4o", "--input", "1.5k" } },
    };

    [Theory]
    [MemberData(nameof(UnknownOptions))]
    public void An_unknown_option_exits_3_and_names_it(string verb, string[] args)
    {
        var (exitCode, output, error) = CliRunner.Run(args);

        Assert.True(exitCode == 3, $"{verb}: exit {exitCode}\n{output}\n{error}");
        string option = args.First(a => a.StartsWith("--", StringComparison.Ordinal) && !IsKnown(verb, a));
        Assert.Contains($"unknown option '{option}' for {verb}", error, StringComparison.Ordinal);
        Assert.DoesNotMatch(DotNetType, output + error);
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void A_bad_or_missing_value_exits_3_without_a_type_name(string verb, string option, string[] args)
    {
        var (exitCode, output, error) = CliRunner.Run(args);

        Assert.True(exitCode == 3, $"{verb}: exit {exitCode}\n{output}\n{error}");
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.DoesNotMatch(DotNetType, output + error);
    }

    [Theory]
    [InlineData("--repeats", "abc", "--repeats: 'abc' is not a whole number.")]
    [InlineData("--concurrency", "4.5", "--concurrency: '4.5' is not a whole number.")]
    public void A_numeric_option_names_what_it_wants(string option, string value, string expected)
    {
        var (exitCode, _, error) = CliRunner.Run("compare", "--baseline", "HEAD", option, value);

        Assert.Equal(3, exitCode);
        Assert.Equal("error: " + expected, error.Split('\n')[0].TrimEnd('\r'));
    }

    [Fact]
    public void A_misspelt_option_gets_did_you_mean()
    {
        var (exitCode, _, error) = CliRunner.Run("compare", "--ofline");

        Assert.Equal(3, exitCode);
        Assert.Contains("unknown option '--ofline' for compare; did you mean '--offline'?", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("comapre", "did you mean 'compare'?")]
    [InlineData("frobnicate", "the verbs are tokens, cost, init, compare, merge, history, comment, audit, import.")]
    public void An_unknown_verb_exits_3(string verb, string expected)
    {
        var (exitCode, output, error) = CliRunner.Run(verb, "--baseline", "HEAD");

        Assert.Equal(3, exitCode);
        Assert.Contains($"unknown verb '{verb}'; {expected}", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_valid_command_line_still_runs_and_help_is_not_an_error()
    {
        Assert.Equal(0, CliRunner.Run("cost", "--model", "gpt-4o-2024-08-06", "--input", "10").ExitCode);
        var help = CliRunner.Run("compare", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--offline", help.Output, StringComparison.Ordinal);
    }

    private static bool IsKnown(string verb, string option) => EvalCli.CreateRootCommand(TextWriter.Null, TextWriter.Null)
        .Subcommands.Single(c => c.Name == verb).Options.Any(o => o.Name == option || o.Aliases.Contains(option));
}
