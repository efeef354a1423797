using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// Names of the rotated files, <c>{prefix}-{yyyyMMdd}-{nnnn}.jsonl</c> (UTC day, then a counter from 0001 within the
    /// day), chosen so that ordinal order is chain order.
    /// </summary>
    internal static class AuditFileNames
    {
        public const string Extension = ".jsonl";

        public static string For(string prefix, DateTime utcDay, int index) =>
            prefix + "-" + utcDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + index.ToString("D4", CultureInfo.InvariantCulture) + Extension;

        /// <summary>The trail's files in <paramref name="directory"/>, oldest first.</summary>
        public static List<string> InOrder(string directory, string prefix)
        {
            var files = new List<string>();
            foreach (var file in Directory.GetFiles(directory, prefix + "-*" + Extension))
            {
                if (TryParse(Path.GetFileName(file), prefix, out _, out _))
                {
                    files.Add(file);
                }
            }

            files.Sort(StringComparer.Ordinal);
            return files;
        }

        public static bool TryParse(string fileName, string prefix, out DateTime utcDay, out int index)
        {
            utcDay = default;
            index = 0;
            var expectedLength = prefix.Length + 1 + 8 + 1 + 4 + Extension.Length;
            if (fileName.Length != expectedLength || !fileName.StartsWith(prefix + "-", StringComparison.Ordinal) || !fileName.EndsWith(Extension, StringComparison.Ordinal))
            {
                return false;
            }

            var day = fileName.Substring(prefix.Length + 1, 8);
            var counter = fileName.Substring(prefix.Length + 10, 4);
            return DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out utcDay)
                && int.TryParse(counter, NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }
    }
}
