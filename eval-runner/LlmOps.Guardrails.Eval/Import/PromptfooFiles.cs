using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmOps.Guardrails.Core.Yaml;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Import;

/// <summary>Resolves promptfoo <c>file://</c> references against the config's folder, reporting a missing target at the reference.</summary>
internal sealed class PromptfooFiles
{
    public const string Scheme = "file://";

    /// <summary>Prompt and test files are held to the dataset limit, so a huge file is refused before it is read.</summary>
    private const long MaxBytes = 10L * 1024 * 1024;

    private readonly string _folder;
    private readonly NodeReader _reader;

    public PromptfooFiles(string folder, NodeReader reader)
    {
        _folder = folder;
        _reader = reader;
    }

    public static bool IsReference(string text) => text.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>
    /// The files a reference names: one path, or the matches of a <c>*</c>/<c>?</c> pattern in its last segment (sorted,
    /// as promptfoo loads them). Reports LLME124 at <paramref name="at"/> when nothing exists there.
    /// </summary>
    public List<string> Resolve(string reference, YNode at, string what)
    {
        var relative = reference.Substring(Scheme.Length);
        var hash = relative.IndexOf(':', StringComparison.Ordinal);
        if (hash > 1)
        {
            // file://checks.py:function_name names a function in a file; the file is what must exist.
            relative = relative.Substring(0, hash);
        }

        var path = Path.GetFullPath(Path.Combine(_folder, relative));
        var name = Path.GetFileName(path);
        if (name.IndexOfAny(new[] { '*', '?' }) >= 0)
        {
            var folder = Path.GetDirectoryName(path)!;
            var matches = Directory.Exists(folder) ? Directory.GetFiles(folder, name).OrderBy(p => p, StringComparer.Ordinal).ToList() : new List<string>();
            if (matches.Count == 0)
            {
                Report(at, $"The {what} pattern '{NodeReader.Clip(relative)}' matches no file in {folder}. Fix the pattern or add the files.");
            }

            return matches;
        }

        if (!File.Exists(path))
        {
            Report(at, $"The {what} file '{NodeReader.Clip(relative)}' does not exist (looked for {path}). Fix the path, relative to the promptfoo config's folder, or add the file.");
            return new List<string>();
        }

        return new List<string> { path };
    }

    /// <summary>An LLME124 at a reference, in the file it was written in (the config, or a tests file for a var).</summary>
    private void Report(YNode at, string message) =>
        _reader.Diagnostics.Add(new EvalDiagnostic(EvalDiagnosticCodes.PromptfooConfig, message, at.File.Length > 0 ? at.File : _reader.File, at.At.Line, at.At.Column));

    /// <summary>The text of a file, or null after reporting why it cannot be read.</summary>
    public string? Load(string path) => SourceText.Load(path, MaxBytes, "promptfoo file", _reader.Diagnostics);

    /// <summary>A YAML or JSON file as the shared positioned tree, or null after reporting its problems.</summary>
    public YNode? LoadTree(string path) => Load(path) is { } text ? EvalYaml.Read(text, path, _reader.Diagnostics) : null;

    public string Relative(string path) => Path.GetRelativePath(_folder, path).Replace('\\', '/');
}
