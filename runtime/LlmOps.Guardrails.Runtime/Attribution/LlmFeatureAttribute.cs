using System;

namespace LlmOps.Guardrails.Runtime
{
    /// <summary>
    /// Bills every LLM call made from the marked method, type or assembly to <see cref="Feature"/>. Used when a call
    /// carries no other attribution: the middleware then looks at the calling methods' metadata (a stack walk, so
    /// prefer options keys or <see cref="LlmAttribution.Begin(string, string?, string?, string?)"/> on hot paths).
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Assembly, AllowMultiple = false, Inherited = true)]
    public sealed class LlmFeatureAttribute : Attribute
    {
        public LlmFeatureAttribute(string feature) => Feature = feature;

        public string Feature { get; }

        public string? Team { get; set; }
    }
}
