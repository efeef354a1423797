using System;
using System.Globalization;

namespace LlmOps.Guardrails.Core.Catalog;

/// <summary>
/// A catalog or override file is wrong. The message reads like a compiler diagnostic,
/// <c>path(line,col): error LLMC00x: what is wrong and what to do</c>, so IDEs and CI logs link to the spot.
/// </summary>
public sealed class CatalogException : Exception
{
    public CatalogException(string code, string file, int line, int column, string detail)
        : base(Format(code, file, line, column, detail))
    {
        Code = code;
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    public CatalogException(string code, string file, int line, int column, string detail, Exception innerException)
        : base(Format(code, file, line, column, detail), innerException)
    {
        Code = code;
        File = file;
        Line = line;
        Column = column;
        Detail = detail;
    }

    /// <summary>One of <see cref="CatalogErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The file (path or source name) the mistake is in.</summary>
    public string File { get; }

    /// <summary>1-based line of the mistake.</summary>
    public int Line { get; }

    /// <summary>1-based column of the mistake.</summary>
    public int Column { get; }

    /// <summary>The message without the location prefix.</summary>
    public string Detail { get; }

    private static string Format(string code, string file, int line, int column, string detail) =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): error {3}: {4}", file, line, column, code, detail);
}
