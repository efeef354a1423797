using System;
using System.Collections.Generic;
using LlmOps.Guardrails.Core.Catalog;
using LlmOps.Guardrails.Core.Pricing;

namespace LlmOps.Guardrails.Runtime.Budgets
{
    /// <summary>Settings of <see cref="BudgetChatClient"/>. Read once, when the client is built.</summary>
    public sealed class BudgetOptions
    {
        /// <summary>Where spend is counted: in this process by default; a <c>PostgresBudgetStore</c> to share budgets between instances.</summary>
        public IBudgetStore Store { get; set; } = new InMemoryBudgetStore();

        /// <summary>The limits. Every call is reserved against each one that applies to it.</summary>
        public IList<BudgetLimit> Limits { get; set; } = new List<BudgetLimit>();

        /// <summary>Fractions of a limit at which <see cref="OnAlert"/> fires, once per limit, bucket and threshold.</summary>
        public IReadOnlyList<double> AlertThresholds { get; set; } = new[] { 0.8, 1.0 };

        /// <summary>Called (synchronously, after the crossing call was settled) when settled spend crosses a threshold. Exceptions it throws are swallowed.</summary>
        public Action<BudgetAlert>? OnAlert { get; set; }

        /// <summary>Prices and output caps of models.</summary>
        public ModelCatalog Catalog { get; set; } = ModelCatalog.Default;

        /// <summary>
        /// The model of calls whose <c>ChatOptions.ModelId</c> is not set; null = the inner client's
        /// <c>ChatClientMetadata.DefaultModelId</c> (the model a client such as <c>AsIChatClient(model)</c> was made for).
        /// </summary>
        public string? DefaultModelId { get; set; }

        /// <summary>The output-token cap assumed when neither the call nor the catalog gives one.</summary>
        public int DefaultMaxOutputTokens { get; set; } = 4096;

        /// <summary>
        /// The price of models missing from <see cref="Catalog"/> (or of calls with no model id). Null (the default) refuses
        /// such calls with an <see cref="InvalidOperationException"/>: a budget cannot hold without a price.
        /// </summary>
        public ModelPrice? UnknownModelPrice { get; set; }

        /// <summary>The clock that picks the window.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
