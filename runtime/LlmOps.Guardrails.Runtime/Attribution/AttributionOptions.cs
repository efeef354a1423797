namespace LlmOps.Guardrails.Runtime
{
    /// <summary>Settings of <see cref="AttributingChatClient"/>.</summary>
    public sealed class AttributionOptions
    {
        /// <summary>
        /// Throw an <see cref="System.InvalidOperationException"/> before the request leaves when no source gives the call a
        /// feature. Default false: the call goes out unattributed (and shows up as such on spans and metrics).
        /// </summary>
        public bool RequireFeature { get; set; }

        /// <summary>
        /// Look for <see cref="LlmFeatureAttribute"/> on the calling method, its types and assembly when neither the options nor
        /// a scope gave a feature. It costs a stack walk per such call (see docs/runtime.md); default true.
        /// </summary>
        public bool UseCallerAttributes { get; set; } = true;
    }
}
