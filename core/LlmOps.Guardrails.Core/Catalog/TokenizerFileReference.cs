using System;
using System.IO;

namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// A model's own tokenizer file, as <c>tokenizer_file</c> in a catalog file names it: a SentencePiece model
/// (<c>.model</c>) or a byte-level BPE vocabulary (<c>vocab.json</c> with <c>merges.txt</c> beside it) for a
/// self-hosted model. Core does not read the file; <c>LlmOps.Guardrails.Tokenizers.ML</c> loads it with
/// Microsoft.ML.Tokenizers. The reference remembers where it was declared so that a file that cannot be read
/// is reported at that line.
/// </summary>
public sealed class TokenizerFileReference
{
    private TokenizerFileReference(string path, string fullPath, string declaredIn, int line, int column)
    {
        Path = path;
        FullPath = fullPath;
        DeclaredIn = declaredIn;
        Line = line;
        Column = column;
    }

    /// <summary>The path as written in the catalog file (relative to that file, or absolute).</summary>
    public string Path { get; }

    /// <summary>The absolute path of the tokenizer file.</summary>
    public string FullPath { get; }

    /// <summary>The catalog file that names the tokenizer file.</summary>
    public string DeclaredIn { get; }

    /// <summary>Line of the <c>tokenizer_file</c> value in <see cref="DeclaredIn"/> (1-based).</summary>
    public int Line { get; }

    /// <summary>Column of the <c>tokenizer_file</c> value in <see cref="DeclaredIn"/> (1-based).</summary>
    public int Column { get; }

    /// <summary>A diagnostic placed at the <c>tokenizer_file</c> value, for a file that is there but cannot be used.</summary>
    public CatalogException Problem(string code, string detail) => new(code, DeclaredIn, Line, Column, detail);

    /// <inheritdoc cref="Problem(string, string)"/>
    public CatalogException Problem(string code, string detail, Exception innerException) => new(code, DeclaredIn, Line, Column, detail, innerException);

    public override string ToString() => Path;

    /// <summary>
    /// Resolves <paramref name="path"/> against the folder of the catalog file <paramref name="declaredIn"/> and
    /// checks that the file is there, so a typo fails when the catalog is read, not on the first count.
    /// </summary>
    /// <exception cref="CatalogException"><see cref="CatalogErrorCodes.MissingTokenizerFile"/>: no file at that path.</exception>
    internal static TokenizerFileReference Resolve(string path, string modelId, string declaredIn, int line, int column)
    {
        string fullPath;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(declaredIn)) ?? string.Empty;
            fullPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, path));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CatalogException(CatalogErrorCodes.InvalidValue, declaredIn, line, column, $"'tokenizer_file' of model '{modelId}' is not a usable path ({ex.Message}).", ex);
        }

        if (!File.Exists(fullPath))
        {
            var hint = Directory.Exists(fullPath)
                ? "it is a folder; name the file itself (a SentencePiece '.model', or the 'vocab.json' that has 'merges.txt' beside it)"
                : "paths are relative to the file that declares the model; check the spelling, or commit the tokenizer file next to it";
            throw new CatalogException(CatalogErrorCodes.MissingTokenizerFile, declaredIn, line, column, $"Tokenizer file '{path}' of model '{modelId}' does not exist (looked for {fullPath}): {hint}.");
        }

        return new TokenizerFileReference(path, fullPath, declaredIn, line, column);
    }
}
