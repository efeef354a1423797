namespace LlmOps.Guardrails.Analyzers
{
    /// <summary>The diagnostic ids, in one place so analyzers, code fixes, docs and tests agree.</summary>
    public static class RuleIdentifiers
    {
        public const string ModelAlias = "LLM001";
        public const string MissingOutputCap = "LLM002";
        public const string MissingAttribution = "LLM003";
        public const string UnknownModel = "LLM004";
        public const string DeprecatedModel = "LLM005";
        public const string HardCodedApiKey = "LLM006";
        public const string OutputCapAboveMaximum = "LLM007";
        public const string InvalidModelsFile = "LLM008";

        /// <summary>The repository the rule pages live in; every helpLinkUri is built from it.</summary>
        public const string RepositoryUrl = "https://github.com/llmops-guardrails/llmops-guardrails";

        public static string HelpLink(string id) => RepositoryUrl + "/blob/main/docs/rules/" + id + ".md";
    }
}
