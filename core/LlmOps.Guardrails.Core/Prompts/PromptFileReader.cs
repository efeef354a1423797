using System;
using System.IO;
using System.Security;
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

    /// <summary>Reads prompt text; <paramref name="path"/> picks the format and names the file in diagnostics.</summary>
    public static PromptReadResult Read(string path, string text)
    {
        path ??= string.Empty;
        text ??= string.Empty;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        return FormatOf(path, text) switch
        {
            PromptSourceFormat.Prompty => PromptyReader.Read(path, text),
            PromptSourceFormat.SemanticKernel => SemanticKernelPromptReader.Read(path, text),
            _ => PromptYamlReader.Read(path, text),
        };
    }

    /// <summary>
    /// The format <see cref="Read"/> uses for <paramref name="path"/>: <c>.prompty</c> is Prompty; <c>.prompt.yaml</c>
    /// and <c>.prompt.yml</c> are native; another <c>.yaml</c>/<c>.yml</c> is Semantic Kernel when its top-level mapping
    /// has a <c>template</c> key, else native; anything else is native.
    /// </summary>
    public static PromptSourceFormat FormatOf(string path, string text)
    {
        path ??= string.Empty;
        if (path.EndsWith(".prompty", StringComparison.OrdinalIgnoreCase))
        {
            return PromptSourceFormat.Prompty;
        }

        if (path.EndsWith(".prompt.yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".prompt.yml", StringComparison.OrdinalIgnoreCase))
        {
            return PromptSourceFormat.PromptYaml;
        }

        if ((path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            && HasTemplateKey(text ?? string.Empty))
        {
            return PromptSourceFormat.SemanticKernel;
        }

        return PromptSourceFormat.PromptYaml;
    }

    private static bool HasTemplateKey(string text)
    {
        if (YamlTreeBuilder.Read(text, string.Empty, YamlFeatures.All).Root is YMapping root)
        {
            foreach (var entry in root.Entries)
            {
                if (entry.Name == "template")
                {
                    return true;
                }
            }

            return false;
        }

        // Unparseable: decide by a top-level "template:" line, so the right reader reports the YAML error.
        using var lines = new StringReader(text);
        for (var line = lines.ReadLine(); line is not null; line = lines.ReadLine())
        {
            if (line.StartsWith("template:", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
