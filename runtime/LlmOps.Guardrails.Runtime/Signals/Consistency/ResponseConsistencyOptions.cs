using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Consistency;
using Microsoft.Extensions.Logging;

namespace LlmOps.Guardrails.Runtime.Signals.Consistency
{
    /// <summary>Which calls <see cref="ResponseConsistencyObserver"/> watches, over what window, and when it alerts.</summary>
    public sealed class ResponseConsistencyOptions
    {
        /// <summary>Calls made with temperature 0 are monitoring calls: the same input should give the same output.</summary>
        public bool MonitorZeroTemperature { get; set; } = true;

        /// <summary>Prompt ids (<c>llmops.prompt.id</c>) whose calls are monitoring calls whatever their temperature.</summary>
        public ISet<string> PromptIds { get; } = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Below this ratio the prompt and model's answers count as inconsistent.</summary>
        public double Threshold { get; set; } = ConsistencyRatio.DefaultThreshold;

        /// <summary>Repeated calls in the window before the ratio is judged.</summary>
        public int MinimumRepeats { get; set; } = 10;

        /// <summary>How far back calls count.</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

        /// <summary>Calls kept per prompt id and model (fixed memory): past it the oldest leave the window early.</summary>
        public int MaxCallsPerPromptAndModel { get; set; } = 10_000;

        /// <summary>Called once when the ratio drops below the threshold and once when it recovers. Must not block; exceptions are logged and swallowed.</summary>
        public Action<ResponseConsistencyAlert>? OnAlert { get; set; }

        /// <summary>Where drops and recoveries are logged (event ids 5111 and 5112); none when null.</summary>
        public ILogger? Logger { get; set; }

        /// <summary>The clock the window slides on.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }

    /// <summary>A prompt and model's consistency crossed the threshold: <see cref="Dropped"/> true going below, false coming back.</summary>
    public sealed class ResponseConsistencyAlert
    {
        /// <summary>The prompt id; null for monitoring calls without one.</summary>
        public string? PromptId { get; init; }

        /// <summary>The model asked for (<c>gen_ai.request.model</c>).</summary>
        public string? Model { get; init; }

        public required double Ratio { get; init; }

        /// <summary>Repeated calls that gave their input's modal output.</summary>
        public required int Matching { get; init; }

        /// <summary>Repeated calls in the window.</summary>
        public required int Repeated { get; init; }

        public required double Threshold { get; init; }

        public required bool Dropped { get; init; }

        public required DateTimeOffset At { get; init; }
    }
}
