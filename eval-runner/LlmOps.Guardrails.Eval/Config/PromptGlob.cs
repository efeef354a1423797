using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmOps.Guardrails.Eval.Config;

/// <summary>
/// The glob patterns of <c>prompts</c>: <c>*</c> matches within one folder name, <c>**</c> any number of folders,
/// <c>?</c> one character; <c>/</c> separates folders on every OS. Patterns are relative to a base folder.
/// </summary>
public static class PromptGlob
{
    /// <summary>The files under <paramref name="baseDirectory"/> matched by any of <paramref name="patterns"/>, as full paths, sorted ordinally.</summary>
    public static IReadOnlyList<string> Expand(string baseDirectory, IEnumerable<string> patterns)
    {
        var root = Path.GetFullPath(baseDirectory);
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var raw in patterns)
        {
            var pattern = raw.Replace('\\', '/').Trim();
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern.Substring(2);
            }

            if (pattern.Length == 0)
            {
                continue;
            }

            // The fixed folder prefix (no wildcard) is where the walk starts.
            var segments = pattern.Split('/');
            var fixedCount = 0;
            while (fixedCount < segments.Length - 1 && segments[fixedCount].IndexOfAny(new[] { '*', '?' }) < 0)
            {
                fixedCount++;
            }

            var start = Path.GetFullPath(Path.Combine(root, string.Join("/", segments.Take(fixedCount))));
            if (!Directory.Exists(start))
            {
                continue;
            }

            var regex = ToRegex(string.Join("/", segments.Skip(fixedCount)));
            IEnumerable<string> files;
            try
            {
                files = Directory.EnumerateFiles(start, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true });
                foreach (var file in files)
                {
                    var relative = Path.GetRelativePath(start, file).Replace('\\', '/');
                    if (regex.IsMatch(relative))
                    {
                        result.Add(file);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder matches nothing; the caller reports prompts it could not find.
            }
        }

        return result.ToArray();
    }

    /// <summary>True when <paramref name="relativePath"/> (with <c>/</c> separators) matches <paramref name="pattern"/>.</summary>
    public static bool IsMatch(string pattern, string relativePath) =>
        ToRegex(pattern.Replace('\\', '/')).IsMatch(relativePath.Replace('\\', '/'));

    private static Regex ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches everything below.
                if (i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    builder.Append("(?:[^/]*/)*");
                    i += 2;
                }
                else
                {
                    builder.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                builder.Append("[^/]*");
            }
            else if (c == '?')
            {
                builder.Append("[^/]");
            }
            else
            {
                builder.Append(Regex.Escape(c.ToString()));
            }
        }

        builder.Append('$');
        return new Regex(builder.ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None), TimeSpan.FromSeconds(1));
    }
}
