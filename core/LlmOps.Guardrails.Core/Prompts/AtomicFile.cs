using System;
using System.IO;
using System.Text;

namespace LlmOps.Guardrails.Core.Prompts;

/// <summary>Writes files so that readers see the old content or the new, never a torn one, and leave unchanged files untouched.</summary>
/// <remarks>
/// The new content goes to a uniquely named temp file in the target's own folder (same volume, so the final step is a
/// rename, never a copy), is flushed to disk, and then takes the target's place:
/// <list type="bullet">
/// <item>net8.0: <c>File.Move(temp, path, overwrite: true)</c>, which is <c>rename(2)</c> on Unix (atomic) and
/// <c>MoveFileEx(MOVEFILE_REPLACE_EXISTING)</c> on Windows (atomic on NTFS for a same-volume move).</item>
/// <item>netstandard2.0 (the build task on .NET Framework): <c>File.Replace</c> when the target exists
/// (<c>ReplaceFile</c> on Windows, <c>rename(2)</c> on Unix), <c>File.Move</c> when it does not. Where
/// <c>File.Replace</c> is refused (some network shares and file systems) the fallback is delete + move, which leaves
/// a short window with no file at all, but still never a torn one.</item>
/// </list>
/// On any failure the temp file is deleted and the target keeps its old content.
/// </remarks>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes <paramref name="content"/> (UTF-8, no BOM) via a temp file in the same folder and a rename. Returns
    /// false, without writing, when the file already holds exactly that content (keeps timestamps for incremental builds).
    /// </summary>
    public static bool WriteIfChanged(string path, string content) => WriteIfChanged(path, content, openTemp: null);

    /// <summary>
    /// <see cref="WriteIfChanged(string, string)"/> with the temp file opened by <paramref name="openTemp"/> (given the
    /// temp path; null opens a <see cref="FileStream"/>). Lets tests make the write fail part-way.
    /// </summary>
    internal static bool WriteIfChanged(string path, string content, Func<string, Stream>? openTemp)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        var fullPath = Path.GetFullPath(path);
        var bytes = Utf8NoBom.GetBytes(content);
        if (HasContent(fullPath, bytes))
        {
            return false;
        }

        var directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no parent folder.", nameof(path));
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N").Substring(0, 12) + ".tmp");
        try
        {
            using (var stream = openTemp?.Invoke(temp) ?? new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
            {
                stream.Write(bytes, 0, bytes.Length);
                if (stream is FileStream file)
                {
                    file.Flush(flushToDisk: true);
                }
                else
                {
                    stream.Flush();
                }
            }

            Replace(temp, fullPath);
            return true;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static bool HasContent(string path, byte[] bytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length != bytes.Length)
            {
                return false;
            }

            var existing = File.ReadAllBytes(path);
            if (existing.Length != bytes.Length)
            {
                return false;
            }

            for (var i = 0; i < bytes.Length; i++)
            {
                if (existing[i] != bytes[i])
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: write it (and let the write report the real problem).
            return false;
        }
    }

    private static void Replace(string temp, string path)
    {
#if NET5_0_OR_GREATER
        File.Move(temp, path, overwrite: true);
#else
        if (!File.Exists(path))
        {
            try
            {
                File.Move(temp, path);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Someone created the target meanwhile: replace it below.
            }
        }

        try
        {
            File.Replace(temp, path, destinationBackupFileName: null, ignoreMetadataErrors: true);
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException or UnauthorizedAccessException && File.Exists(temp))
        {
            // File.Replace is refused on some file systems: fall back to delete + move (briefly no file, never a torn one).
            File.Delete(path);
            File.Move(temp, path);
        }
#endif
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is harmless and uniquely named.
        }
    }
}
