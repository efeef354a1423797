using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LlmOps.Guardrails.Eval.Commands;

/// <summary>A plain, aligned text table: readable in a terminal and in CI logs alike (no box-drawing characters).</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers) => _headers = headers;

    public void AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = _headers
            .Select((header, column) => Math.Max(header.Length, _rows.Select(row => row[column].Length).DefaultIfEmpty(0).Max()))
            .ToArray();
        WriteRow(writer, _headers, widths);
        writer.WriteLine(string.Join("  ", widths.Select(width => new string('-', width))));
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        // The first column is a name (left-aligned); the rest are figures (right-aligned).
        var padded = cells.Select((cell, column) => column == 0 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]));
        writer.WriteLine(string.Join("  ", padded).TrimEnd());
    }
}
