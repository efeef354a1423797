namespace LlmOps.Guardrails.Core.Catalog.Parsing;

/// <summary>A place in a source file, 1-based, so every error can point at the exact spot.</summary>
internal readonly struct SourceSpot
{
    public SourceSpot(string file, int line, int column)
    {
        File = file;
        Line = line;
        Column = column;
    }

    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    public CatalogException Error(string code, string detail) => new(code, File, Line, Column, detail);
}
