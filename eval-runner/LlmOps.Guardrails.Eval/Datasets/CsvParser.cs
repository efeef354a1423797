using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Eval.Config;

namespace LlmOps.Guardrails.Eval.Datasets;

/// <summary>One CSV cell and where it starts.</summary>
internal readonly record struct CsvCell(string Value, int Line, int Column);

/// <summary>An RFC 4180 reader: comma separated, <c>"</c> quoting with <c>""</c> inside, line breaks inside quotes, CRLF or LF.</summary>
internal static class CsvParser
{
    /// <summary>The rows; null after reporting LLME111 when the text breaks the quoting rules.</summary>
    public static List<(int Line, List<CsvCell> Cells)>? Parse(string text, NodeReader reader)
    {
        var rows = new List<(int, List<CsvCell>)>();
        var cells = new List<CsvCell>();
        var cell = new StringBuilder();
        int line = 1, column = 1;
        int cellLine = 1, cellColumn = 1, rowLine = 1;
        var i = 0;
        var atCellStart = true;
        var quoted = false;
        var afterQuote = false;
        int quoteLine = 0, quoteColumn = 0;

        void EndCell()
        {
            cells.Add(new CsvCell(cell.ToString(), cellLine, cellColumn));
            cell.Clear();
            atCellStart = true;
            quoted = false;
            afterQuote = false;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (atCellStart)
            {
                cellLine = line;
                cellColumn = column;
                atCellStart = false;
                if (c == '"')
                {
                    quoted = true;
                    quoteLine = line;
                    quoteColumn = column;
                    i++;
                    column++;
                    continue;
                }
            }

            if (quoted && !afterQuote)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i += 2;
                        column += 2;
                        continue;
                    }

                    afterQuote = true;
                    i++;
                    column++;
                    continue;
                }

                cell.Append(c);
                i++;
                if (c == '\n')
                {
                    line++;
                    column = 1;
                }
                else
                {
                    column++;
                }

                continue;
            }

            if (c == ',')
            {
                EndCell();
                i++;
                column++;
                continue;
            }

            if (c == '\r' || c == '\n')
            {
                EndCell();
                rows.Add((rowLine, cells));
                cells = new List<CsvCell>();
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                column = 1;
                rowLine = line;
                continue;
            }

            if (afterQuote)
            {
                reader.Report(EvalDiagnosticCodes.InvalidCsv, line, column, "Text after a closing quote. A quoted cell must end right before ',' or the line end; write a quote inside a quoted cell as \"\".");
                return null;
            }

            if (c == '"')
            {
                reader.Report(EvalDiagnosticCodes.InvalidCsv, line, column, "A quote inside an unquoted cell. Quote the whole cell and double the quote inside it: \"say \"\"hi\"\"\".");
                return null;
            }

            cell.Append(c);
            i++;
            column++;
        }

        if (quoted && !afterQuote)
        {
            reader.Report(EvalDiagnosticCodes.InvalidCsv, quoteLine, quoteColumn, "This quoted cell is never closed. Add the closing '\"' (write a quote inside the cell as \"\").");
            return null;
        }

        if (!atCellStart || cells.Count > 0)
        {
            EndCell();
            rows.Add((rowLine, cells));
        }

        return rows;
    }
}
