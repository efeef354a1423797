using System;

namespace LlmOps.Guardrails.Runtime.Signals.Audit
{
    /// <summary>Rotation and naming of the JSONL audit files.</summary>
    public sealed class JsonlAuditSinkOptions
    {
        /// <summary>The file name prefix: files are <c>{prefix}-{yyyyMMdd}-{nnnn}.jsonl</c>. Default "audit".</summary>
        public string FilePrefix { get; set; } = "audit";

        /// <summary>A batch that would start in a file of this size or more starts a new file. Default 64 MiB.</summary>
        public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

        /// <summary>Start a new file when the UTC day changes. Default on.</summary>
        public bool RotateDaily { get; set; } = true;

        /// <summary>The clock that decides the day of a file.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
