using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>
    /// Verifies a JSONL audit trail: one file, or a folder of rotated files read in name order (the order the sink
    /// writes them). Reads each file twice: once for the seqs present (to tell reordered from removed), once to follow
    /// the chain.
    /// </summary>
    public static class AuditFileVerifier
    {
        /// <summary>Verifies the file or folder at <paramref name="path"/>.</summary>
        /// <param name="path">A <c>.jsonl</c> file, or a folder holding the trail's <c>*.jsonl</c> files.</param>
        /// <param name="allowPrunedStart">Accept a trail whose first record is not seq 1 (older files deleted by retention).</param>
        /// <exception cref="IOException">A file cannot be read, or the path does not exist.</exception>
        public static AuditVerification Verify(string path, bool allowPrunedStart = false)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            var files = FilesOf(path);
            var seqs = new HashSet<long>();
            foreach (var file in files)
            {
                foreach (var line in ReadLines(file))
                {
                    if (AuditChain.Read(line, out _) is { } link)
                    {
                        seqs.Add(link.Seq);
                    }
                }
            }

            var walker = new AuditChainWalker(seqs, allowPrunedStart);
            foreach (var file in files)
            {
                long number = 0;
                foreach (var line in ReadLines(file))
                {
                    number++;
                    var link = AuditChain.Read(line, out var problem);
                    var broken = link is null
                        ? new AuditBreak(AuditBreakKind.NotARecord, file, number, null, line.Length == 0 ? "an empty line where a record belongs" : problem!)
                        : walker.Step(file, number, link);
                    if (broken is not null)
                    {
                        return new AuditVerification(walker.Records, files.Count, walker.FirstTime, walker.LastTime, walker.FirstSeq, broken);
                    }
                }
            }

            return new AuditVerification(walker.Records, files.Count, walker.FirstTime, walker.LastTime, walker.FirstSeq, null);
        }

        private static List<string> FilesOf(string path)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                return new List<string> { full };
            }

            if (!Directory.Exists(full))
            {
                throw new FileNotFoundException($"no audit file or folder at {full}", full);
            }

            var files = new List<string>(Directory.GetFiles(full, "*" + AuditFileNames.Extension));
            files.Sort(StringComparer.Ordinal);
            return files;
        }

        private static IEnumerable<string> ReadLines(string file)
        {
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), new UTF8Encoding(false));
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                yield return line;
            }
        }
    }
}
