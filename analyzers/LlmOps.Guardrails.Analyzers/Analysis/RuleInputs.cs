using System;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>What a rule judges; the dispatch resolves each input once per operation for all the rules that take it.</summary>
    [Flags]
    internal enum RuleInputs
    {
        None = 0,

        /// <summary>A <see cref="ModelSite"/>: an invocation, creation or assignment that names a chat model.</summary>
        ModelSites = 1,

        /// <summary>An <see cref="LlmCall"/>: an invocation that sends a request to a model.</summary>
        Calls = 2,

        /// <summary>Any invocation or object creation, when an SDK is referenced (the rule resolves what it needs).</summary>
        SdkOperations = 4,

        /// <summary>Every literal, whether or not an SDK is referenced.</summary>
        Literals = 8,
    }
}
