using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmOps.Guardrails.Analyzers.CodeFixes
{
    /// <summary>
    /// LLM001 (pin the alias), LLM004 (did you mean), LLM005 (the replacement) and LLM007 (clamp to the
    /// maximum): replace the flagged literal with the value the analyzer put in the diagnostic. Values that
    /// come from a const or a local are fixed where they are declared by hand: the fix touches literals only.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceValueCodeFixProvider)), Shared]
    public sealed class ReplaceValueCodeFixProvider : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            RuleIdentifiers.ModelAlias, RuleIdentifiers.UnknownModel, RuleIdentifiers.DeprecatedModel, RuleIdentifiers.OutputCapAboveMaximum);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root == null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Replacement, out var replacement) || replacement == null)
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var updated = NewValue(node, replacement);
                if (updated == null)
                {
                    continue;
                }

                var title = diagnostic.Id == RuleIdentifiers.OutputCapAboveMaximum ? "Clamp to " + replacement : "Use '" + replacement + "'";
                context.RegisterCodeFix(
                    CodeAction.Create(title, _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(node, updated.WithTriviaFrom(node)))), equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
        }

        private static ExpressionSyntax? NewValue(SyntaxNode node, string replacement)
        {
            switch (node)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement));
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) &&
                                                          int.TryParse(replacement, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    return SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(number));

                // Anthropic's Model enum: the string id converts to ApiEnum<string, Model> just as the enum does.
                case MemberAccessExpressionSyntax:
                    return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement));
                default:
                    return null;
            }
        }
    }
}
