using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LlmOps.Guardrails.Analyzers.CodeFixes
{
    /// <summary>
    /// LLM003. For Microsoft.Extensions.AI calls: the "llmops.feature" key in ChatOptions.AdditionalProperties
    /// (in the options created at the call, new options, or on the options local before the call), which needs
    /// no runtime package.
    /// Otherwise: <c>using var attribution = LlmAttribution.Begin(feature: "TODO-feature");</c> at the top of
    /// the block holding the call (offered only when LlmOps.Guardrails.Runtime is referenced). The top of the
    /// block, not the line above, so Fix All adds one scope per block, not one per call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAttributionCodeFixProvider)), Shared]
    public sealed class AddAttributionCodeFixProvider : CodeFixProvider
    {
        public const string Placeholder = "TODO-feature";
        private const string DictionaryType = "global::Microsoft.Extensions.AI.AdditionalPropertiesDictionary";
        private const string AttributionType = "LlmOps.Guardrails.Runtime.LlmAttribution";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.MissingAttribution);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null || model == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation)
                {
                    continue;
                }

                var updated = WithOptionsKey(root, model, invocation, diagnostic) ?? WithScope(root, model, invocation);
                if (updated != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Attribute the call to a feature", c => CallEditing.FinishAsync(context.Document, updated, c), equivalenceKey: RuleIdentifiers.MissingAttribution),
                        diagnostic);
                }
            }
        }

        private static SyntaxNode? WithOptionsKey(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax invocation, Diagnostic diagnostic)
        {
            var props = diagnostic.Properties;
            if (!props.ContainsKey(DiagnosticProperties.ChatOptionsCall) ||
                !props.TryGetValue(DiagnosticProperties.OptionsType, out var optionsType) || optionsType == null ||
                !props.TryGetValue(DiagnosticProperties.OptionsParameter, out var parameter) || parameter == null)
            {
                return null;
            }

            var member = CallEditing.Assign("AdditionalProperties", Dictionary());
            var argument = CallEditing.OptionsArgument(invocation, model, parameter);
            if (argument == null)
            {
                return root.ReplaceNode(invocation, CallEditing.WithNamedArgument(invocation, parameter, CallEditing.NewOptions(optionsType, member)));
            }

            if (CallEditing.IsCreation(argument.Expression) && !argument.Expression.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "AdditionalProperties"))
            {
                var grown = CallEditing.WithMember(argument.Expression, member);
                return grown == null ? null : root.ReplaceNode(argument.Expression, grown);
            }

            // Options in a local: (options.AdditionalProperties ??= new()) ["llmops.feature"] = "…"; before the call's statement.
            if (argument.Expression is IdentifierNameSyntax local && model.GetSymbolInfo(local).Symbol is ILocalSymbol &&
                CallEditing.StatementInBlock(invocation) is { } statement)
            {
                var assignment = CallEditing.Simplifiable(SyntaxFactory.ParseStatement(
                        "(" + local.Identifier.ValueText + ".AdditionalProperties ??= new " + DictionaryType + "())[\"llmops.feature\"] = \"" + Placeholder + "\";"))
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(NewLine(root))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return root.InsertNodesBefore(statement, new[] { assignment });
            }

            return null;
        }

        private static SyntaxNode? WithScope(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax invocation)
        {
            if (model.Compilation.GetTypeByMetadataName(AttributionType) == null ||
                CallEditing.StatementInBlock(invocation) is not { Parent: BlockSyntax block })
            {
                return null;
            }

            var first = block.Statements[0];
            var name = UniqueName(model, first.SpanStart);
            var declaration = CallEditing.Simplifiable(SyntaxFactory.ParseStatement(
                    "using var " + name + " = global::" + AttributionType + ".Begin(feature: \"" + Placeholder + "\");"))
                .WithLeadingTrivia(first.GetLeadingTrivia())
                .WithTrailingTrivia(NewLine(root))
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
            return root.InsertNodesBefore(first, new[] { declaration });
        }

        /// <summary>The document's own line ending (a CRLF in an LF file would mix them), CRLF when it has none.</summary>
        private static SyntaxTrivia NewLine(SyntaxNode root) =>
            root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } end && end.IsKind(SyntaxKind.EndOfLineTrivia)
                ? SyntaxFactory.EndOfLine(end.ToString())
                : SyntaxFactory.ElasticCarriageReturnLineFeed;

        private static ExpressionSyntax Dictionary() =>
            CallEditing.Simplifiable(SyntaxFactory.ParseExpression("new " + DictionaryType + " { [\"llmops.feature\"] = \"" + Placeholder + "\" }"))
                .WithAdditionalAnnotations(Formatter.Annotation);

        private static string UniqueName(SemanticModel model, int position)
        {
            var name = "attribution";
            for (var i = 2; model.LookupSymbols(position, name: name).Any(); i++)
            {
                name = "attribution" + i;
            }

            return name;
        }
    }
}
