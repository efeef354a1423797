using System;
using System.IO;
using System.Security;
using System.Collections.Generic;
using System.Text;
using LlmOps.Guardrails.Core.Prompts.Imports;
using LlmOps.Guardrails.Core.Prompts.Native;
using LlmOps.Guardrails.Core.Yaml;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>
/// Reads any supported prompt file: <c>*.prompt.yaml</c> / <c>*.prompt.yml</c>, <c>*.prompty</c>, and Semantic Kernel
/// prompt YAML (<c>PromptTemplateConfig</c>, recognised by its <c>template</c> key). Never throws for bad content:
/// problems come back as <see cref="PromptDiagnostic"/>s with file, line and column.
/// </summary>
public static class PromptFileReader
{
    /// <summary>Files larger than this are refused with LLMP013 rather than parsed.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="path"/> from disk (size, encoding and binary checks first).</summary>
    public static PromptReadResult ReadFile(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Unreadable(path, 1, 1, "The file does not exist (or is a directory); check the path.");
            }

            if (info.Length > MaxFileBytes)
            {
                return Unreadable(path, 1, 1, $"The file is {info.Length:N0} bytes; prompt files are limited to {MaxFileBytes:N0} bytes. Move large samples or examples into the dataset.");
            }

            bytes = ReadAtMost(path, MaxFileBytes + 1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException or ArgumentException)
        {
            return Unreadable(path, 1, 1, $"The file cannot be read: {ex.Message}");
        }

        if (bytes.Length > MaxFileBytes)
        {
            return Unreadable(path, 1, 1, $"The file is {bytes.Length:N0} bytes; prompt files are limited to {MaxFileBytes:N0} bytes. Move large samples or examples into the dataset.");
        }

        return Decode(path, bytes, out var text, out var problem) ? Read(path, text) : problem!;
    }

    /// <summary>Reads prompt text; its content picks the format (<see cref="Detect"/>), and <paramref name="path"/> names the file in diagnostics.</summary>
    public static PromptReadResult Read(string path, string text)
    {
        path ??= string.Empty;
        text ??= string.Empty;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        var detected = Detect(path, text);
        var result = detected.Format switch
        {
            PromptSourceFormat.Prompty => PromptyReader.Read(path, text),
            PromptSourceFormat.SemanticKernel => SemanticKernelPromptReader.Read(path, text),
            _ => PromptYamlReader.Read(path, text),
        };

        return detected.NamedByFile ? result : NameFormat(result, detected);
    }

    /// <summary>The format <see cref="Read"/> uses for a file: see <see cref="Detect"/>.</summary>
    public static PromptSourceFormat FormatOf(string path, string text) => Detect(path, text).Format;

    /// <summary>
    /// The format of a prompt file, by its content first: YAML front matter between two <c>---</c> lines followed by a
    /// body (or an <c>instructions</c> key) is Prompty; a YAML mapping with <c>messages</c> is the native format; one with
    /// <c>template</c>, <c>template_format</c>, <c>input_variables</c> or <c>execution_settings</c> is Semantic Kernel,
    /// whatever the file is called. Only content that says none of this falls back to the name (<c>.prompty</c> is
    /// Prompty, anything else native).
    /// </summary>
    public static PromptFormatDetection Detect(string path, string text)
    {
        path ??= string.Empty;
        text ??= string.Empty;
        var byName = path.EndsWith(".prompty", StringComparison.OrdinalIgnoreCase) ? PromptSourceFormat.Prompty : PromptSourceFormat.PromptYaml;
        var nativeName = path.EndsWith(".prompt.yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".prompt.yml", StringComparison.OrdinalIgnoreCase);

        PromptFormatDetection Found(PromptSourceFormat format, string reason, bool byContent = true) =>
            new(format, reason, format == byName && (format != PromptSourceFormat.PromptYaml || nativeName), byContent);

        if (HasClosedFrontMatter(text))
        {
            return Found(PromptSourceFormat.Prompty, "YAML front matter between two '---' lines");
        }

        var keys = TopLevelKeys(text);
        if (keys.Contains("messages"))
        {
            return Found(PromptSourceFormat.PromptYaml, "a top-level 'messages' key");
        }

        foreach (var key in new[] { "template", "template_format", "input_variables", "execution_settings" })
        {
            if (keys.Contains(key))
            {
                return Found(PromptSourceFormat.SemanticKernel, $"a top-level '{key}' key");
            }
        }

        if (keys.Contains("instructions"))
        {
            return Found(PromptSourceFormat.Prompty, "a top-level 'instructions' key");
        }

        return Found(byName, byName == PromptSourceFormat.Prompty ? "the '.prompty' file name" : "nothing in it marking another format", byContent: false);
    }

    /// <summary>The format's name as diagnostics and reports show it.</summary>
    public static string FormatName(PromptSourceFormat format) => format switch
    {
        PromptSourceFormat.Prompty => "Prompty",
        PromptSourceFormat.SemanticKernel => "Semantic Kernel prompt YAML",
        _ => "LlmOps prompt YAML",
    };

    // A file whose name does not say its format: every error says which format it was read as, and why.
    private static PromptReadResult NameFormat(PromptReadResult result, PromptFormatDetection detected)
    {
        if (!result.HasErrors)
        {
            return result;
        }

        var note = $" (Read as {FormatName(detected.Format)} because of {detected.Reason}.)";
        var diagnostics = new PromptDiagnostic[result.Diagnostics.Count];
        for (var i = 0; i < diagnostics.Length; i++)
        {
            var diagnostic = result.Diagnostics[i];
            diagnostics[i] = diagnostic.IsError ? diagnostic with { Message = diagnostic.Message + note } : diagnostic;
        }

        return new PromptReadResult(result.Prompt, diagnostics);
    }

    private static bool StartsWithFrontMatter(string text)
    {
        using var lines = new StringReader(text);
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            if (line.Trim().Length > 0)
            {
                return line.Trim() == "---";
            }
        }

        return false;
    }

    // '---', YAML, then a line '---': Prompty's shape (a native or Semantic Kernel file may open with a YAML '---'
    // document marker, but a second one would make it two documents, which neither format accepts).
    private static bool HasClosedFrontMatter(string text)
    {
        if (!StartsWithFrontMatter(text))
        {
            return false;
        }

        var lines = text.Replace("\r\n", "\n").Split('\n');
        var open = 0;
        while (lines[open].Trim().Length == 0)
        {
            open++;
        }

        for (var i = open + 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                return true;
            }
        }

        return false;
    }

    private static HashSet<string> TopLevelKeys(string text)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        if (YamlTreeBuilder.Read(text, string.Empty, YamlFeatures.All).Root is YMapping root)
        {
            foreach (var entry in root.Entries)
            {
                if (entry.Name is { } name)
                {
                    keys.Add(name);
                }
            }

            return keys;
        }

        // Unparseable: decide by top-level key lines, so the right reader reports the YAML error.
        using var reader = new StringReader(text);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '#' && line[0] != '-')
            {
                keys.Add(line.Substring(0, colon).Trim());
            }
        }

        return keys;
    }

    // Shares the file with editors that hold it open, and never reads more than the limit (the file may grow meanwhile).
    private static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[(int)Math.Min(limit, Math.Max(0, stream.Length) + 1)];
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(limit, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        if (total != buffer.Length)
        {
            Array.Resize(ref buffer, total);
        }

        return buffer;
    }

    private static bool Decode(string path, byte[] bytes, out string text, out PromptReadResult? problem)
    {
        text = string.Empty;
        problem = null;
        var start = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            start = 3;
        }
        else if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            problem = Unreadable(path, 1, 1, "The file is UTF-16 (or UTF-32); prompt files must be UTF-8. Save it as UTF-8.");
            return false;
        }

        var nul = Array.IndexOf(bytes, (byte)0, start);
        if (nul >= 0)
        {
            var (line, column) = Locate(bytes, start, nul);
            problem = Unreadable(path, line, column, "The file contains NUL bytes: it looks binary, not a UTF-8 text prompt file. Check that the right file was included.");
            return false;
        }

        try
        {
            text = StrictUtf8.GetString(bytes, start, bytes.Length - start);
            return true;
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? Math.Min(start + ex.Index, bytes.Length) : start;
            var (line, column) = Locate(bytes, start, offset);
            problem = Unreadable(path, line, column, "The file is not valid UTF-8 (it may be saved in another encoding such as Windows-1252); save it as UTF-8.");
            return false;
        }
    }

    // 1-based line and column (in characters) of a byte offset, counting UTF-8 lead bytes only.
    private static (int Line, int Column) Locate(byte[] bytes, int start, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = start; i < offset && i < bytes.Length; i++)
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

    private static PromptReadResult Unreadable(string path, int line, int column, string message) =>
        new(null, new[] { new PromptDiagnostic(PromptDiagnosticCodes.UnreadableFile, PromptSeverity.Error, message, path, line, column) });
}

/// <summary>
/// The format a prompt file was read as, why, whether its name says so too, and whether its content marks it as a
/// prompt file at all (false when only the name decided: any YAML file would read as native).
/// </summary>
public sealed record PromptFormatDetection(PromptSourceFormat Format, string Reason, bool NamedByFile, bool MarkedByContent);
