using System;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts.Imports;

/// <summary>
/// What an import reader collects while it reads one file: diagnostics (with file, line and column), and the
/// positions of the fields it maps, in file coordinates. YAML nodes are placed with <see cref="LineOffset"/> added,
/// so a .prompty's front matter (which starts below its opening <c>---</c>) reports real file lines.
/// </summary>
internal sealed class ImportContext
{
    private readonly Dictionary<string, SourcePosition> _positions = new(StringComparer.Ordinal);
    private readonly List<PromptDiagnostic> _diagnostics = new();

    public ImportContext(string path) => Path = path ?? string.Empty;

    public string Path { get; }

    /// <summary>Lines to add to a YAML node's line to get the file line (the YAML text's first line is file line 1 + offset).</summary>
    public int LineOffset { get; set; }

    public IReadOnlyList<PromptDiagnostic> Diagnostics => _diagnostics;

    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in _diagnostics)
            {
                if (diagnostic.IsError)
                {
                    return true;
                }
            }

            return false;
        }
    }

    public SourcePosition At(YNode node) => node.At;

    public void Record(string field, SourcePosition position)
    {
        if (!_positions.ContainsKey(field))
        {
            _positions[field] = position;
        }
    }

    public void Record(string field, YNode node) => Record(field, At(node));

    public void Error(string code, string message, SourcePosition at) =>
        _diagnostics.Add(new PromptDiagnostic(code, PromptSeverity.Error, message, Path, at.Line, at.Column));

    public void Warning(string code, string message, SourcePosition at) =>
        _diagnostics.Add(new PromptDiagnostic(code, PromptSeverity.Warning, message, Path, at.Line, at.Column));

    public void Info(string code, string message, SourcePosition at) =>
        _diagnostics.Add(new PromptDiagnostic(code, PromptSeverity.Info, message, Path, at.Line, at.Column));

    public void Add(PromptDiagnostic diagnostic) => _diagnostics.Add(diagnostic);

    public void Error(string code, string message, YNode at) => Error(code, message, At(at));

    public void Warning(string code, string message, YNode at) => Warning(code, message, At(at));

    /// <summary>"Not mapped" warning (LLMP004) for a key the import understands but does not carry over.</summary>
    public void Ignored(YNode key, string what, string why) =>
        Warning(PromptDiagnosticCodes.UnknownKey, $"'{what}' is not imported and is ignored: {why}", key);

    public void Unknown(YNode key, string name, string where) =>
        Warning(PromptDiagnosticCodes.UnknownKey, $"Unknown key '{name}' in {where}; it is ignored. Check the spelling.", key);

    /// <summary>Where <paramref name="field"/> was recorded, else the file start.</summary>
    public SourcePosition PositionOf(string field) => _positions.TryGetValue(field, out var position) ? position : SourcePosition.Start;

    public PromptSourceMap ToSourceMap() => new(new Dictionary<string, SourcePosition>(_positions, StringComparer.Ordinal));

    /// <summary>The result: no prompt when there are errors; with a prompt, the placeholder checks the native reader runs too.</summary>
    public PromptReadResult Result(PromptDefinition? prompt)
    {
        if (HasErrors)
        {
            return new PromptReadResult(null, _diagnostics.ToArray());
        }

        // A prompt with a document was checked against its engine by DocumentCheck; native-style templates get the native checks.
        if (prompt is not null && prompt.Document is null)
        {
            _diagnostics.AddRange(PromptValidator.ValidatePlaceholders(prompt));
        }

        return new PromptReadResult(prompt, _diagnostics.ToArray());
    }

    public static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : value < 1 ? 1 : (int)value;

    /// <summary>
    /// A prompt id made from a name: lower case, [a-z0-9._-] only, runs of anything else become one '-', and a
    /// camelCase word break becomes '-' too (Semantic Kernel function names: <c>SummarizeTicket</c> is <c>summarize-ticket</c>).
    /// </summary>
    public static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        var pendingDash = false;
        var previous = '\0';
        foreach (var raw in name.Trim())
        {
            if (char.IsUpper(raw) && (char.IsLower(previous) || char.IsDigit(previous)))
            {
                pendingDash = builder.Length > 0;
            }

            previous = raw;
            var c = char.ToLowerInvariant(raw);
            var allowed = c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-';
            if (!allowed)
            {
                pendingDash = builder.Length > 0;
                continue;
            }

            if (pendingDash && c != '-')
            {
                builder.Append('-');
            }

            pendingDash = false;
            builder.Append(c);
        }

        // Native ids start with a letter or digit.
        return builder.ToString().TrimStart('-', '.', '_').TrimEnd('-');
    }

    /// <summary>
    /// The prompt id from the first of <paramref name="keys"/> whose text slugs to something, with its position
    /// recorded as the id's; else the id made from the file name (<see cref="IdFromPath"/>).
    /// </summary>
    public string ReadId(YMapping mapping, params string[] keys)
    {
        foreach (var key in keys)
        {
            var node = YamlAccess.Get(mapping, key);
            var text = YamlAccess.Text(node);
            if (text is null)
            {
                continue;
            }

            var slug = Slug(text);
            if (slug.Length > 0)
            {
                Record("id", node!);
                return slug;
            }
        }

        return IdFromPath(Path);
    }

    /// <summary>The file name without its extension, slugged: the id when a file names no prompt.</summary>
    public static string IdFromPath(string path)
    {
        string name;
        try
        {
            name = System.IO.Path.GetFileNameWithoutExtension(path ?? string.Empty);
        }
        catch (ArgumentException)
        {
            name = string.Empty;
        }

        var slug = Slug(name);
        return slug.Length > 0 ? slug : "prompt";
    }

    /// <summary>Text with Windows and old-Mac line ends turned into '\n' and a leading byte-order mark removed.</summary>
    public static string NormalizeNewlines(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        return text.IndexOf('\r') < 0 ? text : text.Replace("\r\n", "\n").Replace('\r', '\n');
    }

    /// <summary>
    /// Reads YAML text into its root node, placed in file lines (<see cref="LineOffset"/> added); null when the text
    /// is not valid YAML (every problem reported) or when it holds no document (<paramref name="empty"/> set).
    /// </summary>
    public YNode? LoadYaml(string yaml, string what, out bool empty)
    {
        var document = YamlTreeBuilder.Read(yaml, Path, YamlFeatures.All, LineOffset);
        PromptYamlProblems.Report(document, PromptYamlProblems.Import, Path, _diagnostics, what);
        empty = document.Root is null && !document.HasProblems;
        return document.HasProblems ? null : document.Root;
    }
}
