using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// Loads a text file defensively: the size is checked before anything is read (a 20 MB file is refused, never
/// loaded), NUL bytes mark a binary file, and the bytes must be UTF-8 (a BOM is allowed and dropped).
/// </summary>
internal static class SourceText
{
    public static string? Load(string path, long maxBytes, string what, List<EvalDiagnostic> diagnostics)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                diagnostics.Add(new EvalDiagnostic(
                    EvalDiagnosticCodes.UnreadableFile,
                    what == "config"
                        ? "The config file does not exist. Check the path, or run 'dotnet eval init' to create a starter config."
                        : $"The {what} file does not exist. Check the path (it is relative to the config file) or create the file.",
                    path, 1, 1));
                return null;
            }

            if (info.Length > maxBytes)
            {
                diagnostics.Add(TooLarge(path, info.Length, maxBytes, what));
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Add(new EvalDiagnostic(
                EvalDiagnosticCodes.UnreadableFile,
                $"The {what} file cannot be read ({ex.GetType().Name}: {ex.Message}). Check the path and its permissions.",
                path, 1, 1));
            return null;
        }

        return Decode(bytes, path, maxBytes, what, diagnostics);
    }

    public static EvalDiagnostic TooLarge(string path, long length, long maxBytes, string what) =>
        new(EvalDiagnosticCodes.UnreadableFile,
            $"The {what} file is {length:N0} bytes, more than the limit of {maxBytes:N0} bytes. Split it into smaller files.",
            path, 1, 1);

    public static string? Decode(byte[] bytes, string path, long maxBytes, string what, List<EvalDiagnostic> diagnostics)
    {
        if (bytes.Length > maxBytes)
        {
            diagnostics.Add(TooLarge(path, bytes.Length, maxBytes, what));
            return null;
        }

        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            var (line, column) = PositionOfByte(bytes, nul);
            diagnostics.Add(new EvalDiagnostic(
                EvalDiagnosticCodes.UnreadableFile,
                $"The {what} file holds binary data (a NUL byte). Save it as UTF-8 text.",
                path, line, column));
            return null;
        }

        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var (line, column) = PositionOfByte(bytes, Math.Max(start, start + Math.Max(0, ex.Index)));
            diagnostics.Add(new EvalDiagnostic(
                EvalDiagnosticCodes.UnreadableFile,
                $"The {what} file is not valid UTF-8. Save it as UTF-8 text.",
                path, line, column));
            return null;
        }
    }

    /// <summary>Checks text given directly (not read from disk) against the same limits.</summary>
    public static bool CheckText(string text, string path, long maxBytes, string what, List<EvalDiagnostic> diagnostics)
    {
        if (text.Length > maxBytes || (text.Length > maxBytes / 4 && Encoding.UTF8.GetByteCount(text) > maxBytes))
        {
            diagnostics.Add(TooLarge(path, Encoding.UTF8.GetByteCount(text), maxBytes, what));
            return false;
        }

        var nul = text.IndexOf('\0');
        if (nul >= 0)
        {
            var (line, column) = PositionOfChar(text, nul);
            diagnostics.Add(new EvalDiagnostic(
                EvalDiagnosticCodes.UnreadableFile,
                $"The {what} file holds binary data (a NUL character). Save it as UTF-8 text.",
                path, line, column));
            return false;
        }

        return true;
    }

    public static string StripBom(string text) => text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;

    private static (int Line, int Column) PositionOfByte(byte[] bytes, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    public static (int Line, int Column) PositionOfChar(string text, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
