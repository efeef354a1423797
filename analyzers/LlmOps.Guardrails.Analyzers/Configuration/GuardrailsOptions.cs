using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading;
using LlmOps.Guardrails.Analyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmOps.Guardrails.Analyzers.Configuration
{
    /// <summary>
    /// The .editorconfig keys of the analyzers (all under <c>llmops.</c>) and the catalog for one
    /// compilation. Keys are read per syntax tree so a folder's .editorconfig can differ from the root's.
    /// </summary>
    internal sealed class GuardrailsOptions
    {
        public const string DefaultMaxOutputTokensKey = "llmops.default_max_output_tokens";
        public const string RequiredTagsKey = "llmops.required_tags";
        public const string AllowedModelsKey = "llmops.allowed_models";
        public const string CheckAzureDeploymentsKey = "llmops.check_azure_deployments";
        public const string AnalysisDateKey = "llmops.analysis_date";
        public const int DefaultMaxOutputTokens = 1024;

        // Read-only to callers (IReadOnlyList), so one instance serves every call.
        private static readonly string[] DefaultRequiredTags = { "feature" };

        private static readonly ConditionalWeakTable<AnalyzerOptions, GuardrailsOptions> Instances = new ConditionalWeakTable<AnalyzerOptions, GuardrailsOptions>();

        private readonly AnalyzerConfigOptionsProvider provider;

        private GuardrailsOptions(AnalyzerConfigOptionsProvider provider, ModelTable models)
        {
            this.provider = provider;
            Models = models;
        }

        public ModelTable Models { get; }

        /// <summary>
        /// The options for <paramref name="options"/>, built once and shared by every rule: the compiler hands all
        /// analyzers of a compilation the same <see cref="AnalyzerOptions"/>, so llmops.models.yaml is read once.
        /// </summary>
        public static GuardrailsOptions Shared(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (Instances.TryGetValue(options, out var existing))
            {
                return existing;
            }

            var created = Create(options, cancellationToken);
            return Instances.GetValue(options, _ => created);
        }

        public static GuardrailsOptions Create(AnalyzerOptions options, CancellationToken cancellationToken)
        {
            var models = ModelTable.BuiltIn;
            foreach (var file in options.AdditionalFiles)
            {
                if (IsModelsFile(file.Path) && file.GetText(cancellationToken) is { } text)
                {
                    var deployments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    var entries = ModelsFileReader.Read(text, models, new List<ModelsFileProblem>(), deployments);
                    models = models.WithOverrides(entries, deployments);
                }
            }

            return new GuardrailsOptions(options.AnalyzerConfigOptionsProvider, models);
        }

        public static bool IsModelsFile(string path) =>
            path.EndsWith(ModelsFileReader.FileName, StringComparison.OrdinalIgnoreCase);

        public int MaxOutputTokens(SyntaxTree tree) =>
            int.TryParse(Get(tree, DefaultMaxOutputTokensKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : DefaultMaxOutputTokens;

        public IReadOnlyList<string> RequiredTags(SyntaxTree tree) => Get(tree, RequiredTagsKey) is { } text ? Split(text) : DefaultRequiredTags;

        public bool IsAllowed(SyntaxTree tree, string id)
        {
            if (Get(tree, AllowedModelsKey) is { } text)
            {
                foreach (var allowed in Split(text))
                {
                    if (string.Equals(allowed, id, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public bool CheckAzureDeployments(SyntaxTree tree) =>
            string.Equals(Get(tree, CheckAzureDeploymentsKey), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>The day lifecycle dates are judged against: today (UTC), or a fixed date for reproducible builds.</summary>
        public DateTime Today(SyntaxTree tree) => CatalogEntry.ParseDate(Get(tree, AnalysisDateKey)) ?? DateTime.UtcNow.Date;

        private string? Get(SyntaxTree tree, string key)
        {
            if (provider.GetOptions(tree).TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value))
            {
                return value.Trim();
            }

            return null;
        }

        private static string[] Split(string text)
        {
            var list = new List<string>();
            foreach (var part in text.Split(','))
            {
                if (part.Trim().Length > 0)
                {
                    list.Add(part.Trim());
                }
            }

            return list.ToArray();
        }
    }
}
