using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LlmOps.Guardrails.Analyzers.CodeFixes
{
    /// <summary>Syntax edits shared by the LLM002 and LLM003 fixes: find the options argument, grow an initializer, add an argument.</summary>
    internal static class CallEditing
    {
        /// <summary>The options argument of the call, by parameter name (named or positional).</summary>
        public static ArgumentSyntax? OptionsArgument(InvocationExpressionSyntax invocation, SemanticModel model, string parameterName)
        {
            if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
            {
                return null;
            }

            var arguments = invocation.ArgumentList.Arguments;
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (argument.NameColon != null)
                {
                    if (argument.NameColon.Name.Identifier.ValueText == parameterName)
                    {
                        return argument;
                    }

                    continue;
                }

                // Reduced extension methods do not list 'this'; positional index maps directly to Parameters.
                if (i < method.Parameters.Length && method.Parameters[i].Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }

        /// <summary>The creation expression with <paramref name="member"/> added to its object initializer.</summary>
        public static ExpressionSyntax? WithMember(ExpressionSyntax creation, AssignmentExpressionSyntax member)
        {
            var initializer = creation switch
            {
                ObjectCreationExpressionSyntax o => o.Initializer,
                ImplicitObjectCreationExpressionSyntax i => i.Initializer,
                _ => null,
            };
            var updated = initializer == null
                ? SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(member))
                : initializer.AddExpressions(member);
            updated = updated.WithAdditionalAnnotations(Formatter.Annotation);
            return creation switch
            {
                ObjectCreationExpressionSyntax o => o.WithInitializer(updated),
                ImplicitObjectCreationExpressionSyntax i => i.WithInitializer(updated),
                _ => null,
            };
        }

        public static bool IsCreation(ExpressionSyntax expression) =>
            expression is ObjectCreationExpressionSyntax || expression is ImplicitObjectCreationExpressionSyntax;

        /// <summary>new T { member } for an options type given by its fully qualified name.</summary>
        public static ExpressionSyntax NewOptions(string fullyQualifiedType, AssignmentExpressionSyntax member) =>
            SyntaxFactory.ObjectCreationExpression(Simplifiable(SyntaxFactory.ParseTypeName(fullyQualifiedType)))
                .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(member)))
                .WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>
        /// Marks every name in generated code for the simplifier: it reduces the nodes it is pointed at, so
        /// "global::System.Environment" inside a larger expression needs its own annotation.
        /// </summary>
        public static TNode Simplifiable<TNode>(TNode node)
            where TNode : SyntaxNode =>
            node.ReplaceNodes(
                    node.DescendantNodes().Where(n => n is NameSyntax || n is MemberAccessExpressionSyntax),
                    (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
                .WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary>Simplifies and formats the annotated nodes, whatever the host does after the fix.</summary>
        public static async System.Threading.Tasks.Task<Document> FinishAsync(Document document, SyntaxNode root, System.Threading.CancellationToken cancellationToken)
        {
            var updated = document.WithSyntaxRoot(root);
            updated = await Simplifier.ReduceAsync(updated, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await Formatter.FormatAsync(updated, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The call with a named options argument appended.</summary>
        public static InvocationExpressionSyntax WithNamedArgument(InvocationExpressionSyntax invocation, string name, ExpressionSyntax value) =>
            invocation.AddArgumentListArguments(SyntaxFactory.Argument(SyntaxFactory.NameColon(name), default, value));

        public static AssignmentExpressionSyntax Assign(string property, ExpressionSyntax value) =>
            SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value);

        /// <summary>The statement that contains the call, when it sits directly in a block (so a statement can go before it).</summary>
        public static StatementSyntax? StatementInBlock(SyntaxNode node) =>
            node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s.Parent is BlockSyntax);
    }
}
