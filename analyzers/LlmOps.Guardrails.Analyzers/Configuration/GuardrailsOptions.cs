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
        // Weak keys: in an IDE every edit makes a new tree, and these options outlive them.
        private readonly ConditionalWeakTable<SyntaxTree, TreeOptions> perTree = new ConditionalWeakTable<SyntaxTree, TreeOptions>();
        private readonly ConditionalWeakTable<SyntaxTree, TreeOptions>.CreateValueCallback createTreeOptions;
        private readonly DateTime today = DateTime.UtcNow.Date;

        private GuardrailsOptions(AnalyzerConfigOptionsProvider provider, ModelTable models)
        {
            this.provider = provider;
            createTreeOptions = CreateTreeOptions;
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

        public int MaxOutputTokens(SyntaxTree tree) => For(tree).MaxOutputTokens;

        public IReadOnlyList<string> RequiredTags(SyntaxTree tree) => For(tree).RequiredTags;

        public bool IsAllowed(SyntaxTree tree, string id)
        {
            foreach (var allowed in For(tree).AllowedModels)
            {
                if (string.Equals(allowed, id, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        public bool CheckAzureDeployments(SyntaxTree tree) => For(tree).CheckAzureDeployments;

        /// <summary>The day lifecycle dates are judged against: today (UTC), or a fixed date for reproducible builds.</summary>
        public DateTime Today(SyntaxTree tree) => For(tree).Today;

        // Parsed once per file: the rules ask for a value on every call site they judge.
        private TreeOptions For(SyntaxTree tree) => perTree.GetValue(tree, createTreeOptions);

        private TreeOptions CreateTreeOptions(SyntaxTree tree)
        {
            var values = provider.GetOptions(tree);
            string? Get(string key) =>
                values.TryGetValue(key, out var value) || provider.GlobalOptions.TryGetValue(key, out value) ? value.Trim() : null;

            return new TreeOptions(
                int.TryParse(Get(DefaultMaxOutputTokensKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap : DefaultMaxOutputTokens,
                Get(RequiredTagsKey) is { } tags ? Split(tags) : DefaultRequiredTags,
                Get(AllowedModelsKey) is { } allowed ? Split(allowed) : Array.Empty<string>(),
                string.Equals(Get(CheckAzureDeploymentsKey), "true", StringComparison.OrdinalIgnoreCase),
                CatalogEntry.ParseDate(Get(AnalysisDateKey)) ?? today);
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

    internal sealed class TreeOptions
    {
        public TreeOptions(int maxOutputTokens, IReadOnlyList<string> requiredTags, IReadOnlyList<string> allowedModels, bool checkAzureDeployments, DateTime today)
        {
            MaxOutputTokens = maxOutputTokens;
            RequiredTags = requiredTags;
            AllowedModels = allowedModels;
            CheckAzureDeployments = checkAzureDeployments;
            Today = today;
        }

        public int MaxOutputTokens { get; }
        public IReadOnlyList<string> RequiredTags { get; }
        public IReadOnlyList<string> AllowedModels { get; }
        public bool CheckAzureDeployments { get; }
        public DateTime Today { get; }
    }
}
