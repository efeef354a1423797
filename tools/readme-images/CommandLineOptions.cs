namespace LlmOps.Guardrails.ReadmeImages;

/// <summary>"--name value" pairs; every option takes one value so the parser stays trivial.</summary>
internal sealed class CommandLineOptions
{
    private readonly Dictionary<string, string> values;

    private CommandLineOptions(Dictionary<string, string> values) => this.values = values;

    public static CommandLineOptions Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !e.MoveNext())
            {
                throw new UsageException($"Expected '--option value', got '{name}'.");
            }

            values[name[2..]] = e.Current;
        }

        return new CommandLineOptions(values);
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new UsageException($"--{name} is required.");

    public string Optional(string name, string fallback) => values.GetValueOrDefault(name, fallback);

    public int Number(string name, int fallback) =>
        values.TryGetValue(name, out var text)
            ? int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new UsageException($"--{name} must be a whole number, got '{text}'.")
            : fallback;

    /// <summary>An input file that must exist; the message names the option so make.sh's caller knows what to fix.</summary>
    public string ExistingFile(string name)
    {
        var path = Path.GetFullPath(Required(name));
        return File.Exists(path) ? path : throw new InputException($"--{name}: {path} does not exist.");
    }
}

/// <summary>The command line is wrong (exit 2).</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>An input is missing or unusable (exit 1).</summary>
internal sealed class InputException(string message) : Exception(message);
