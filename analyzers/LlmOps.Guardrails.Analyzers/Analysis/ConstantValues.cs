using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmOps.Guardrails.Analyzers.Analysis
{
    /// <summary>
    /// Finds the compile-time value behind an expression: literals and consts, and locals or readonly
    /// fields assigned once from such a value. Anything else (configuration, parameters, nameof, an
    /// interpolation with runtime parts) has no value: the rules never guess.
    /// </summary>
    internal static class ConstantValues
    {
        private const int MaxDepth = 4;

        /// <summary>The operation that defines the value: the expression itself, or the single initializer behind a local/readonly field.</summary>
        public static IOperation? Source(IOperation? operation, int depth = 0)
        {
            operation = Unwrap(operation);
            if (operation == null || depth > MaxDepth)
            {
                return null;
            }

            switch (operation)
            {
                case INameOfOperation:
                    return null;
                case ILocalReferenceOperation local when !local.Local.IsConst:
                    return Source(SingleInitializer(local.Local, operation), depth + 1);
                case IFieldReferenceOperation field when !field.Field.IsConst:
                    return field.Field.IsReadOnly ? Source(SingleInitializer(field.Field, operation), depth + 1) : null;
                default:
                    return operation;
            }
        }

        public static string? String(IOperation? operation)
        {
            var source = Source(operation);
            return source != null && source.ConstantValue.HasValue && source.ConstantValue.Value is string text ? text : null;
        }

        public static int? Int(IOperation? operation)
        {
            var source = Source(operation);
            if (source != null && source.ConstantValue.HasValue)
            {
                switch (source.ConstantValue.Value)
                {
                    case int i:
                        return i;
                    case long l when l <= int.MaxValue && l >= int.MinValue:
                        return (int)l;
                }
            }

            return null;
        }

        public static IOperation? Unwrap(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The initializer of a local or readonly field that is never assigned anywhere else, or null.</summary>
        private static IOperation? SingleInitializer(ISymbol symbol, IOperation use)
        {
            if (symbol.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declarator = symbol.DeclaringSyntaxReferences[0].GetSyntax() as VariableDeclaratorSyntax;
            var model = use.SemanticModel;
            if (declarator?.Initializer == null || model == null || declarator.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            // Not cached: a shared per-compilation cache cost more in lock waits than the scan of one block (measured).
            return FindSingleInitializer(symbol, declarator, model);
        }

        private static IOperation? FindSingleInitializer(ISymbol symbol, VariableDeclaratorSyntax declarator, SemanticModel model)
        {
            // The scope in which another assignment could hide: the enclosing block for a local, the type for a field.
            SyntaxNode? scope = symbol is ILocalSymbol
                ? declarator.Ancestors().FirstOrDefault(a => a is BlockSyntax || a is SwitchSectionSyntax || a is CompilationUnitSyntax)
                : declarator.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (scope == null || IsWrittenIn(scope, symbol.Name))
            {
                return null;
            }

            return model.GetOperation(declarator.Initializer!.Value);
        }

        /// <summary>Conservative: any assignment, ++/--, ref or out use of the name counts as a write.</summary>
        private static bool IsWrittenIn(SyntaxNode scope, string name)
        {
            foreach (var node in scope.DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when Names(assignment.Left, name):
                        return true;
                    case PrefixUnaryExpressionSyntax prefix when (prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression)) && Names(prefix.Operand, name):
                        return true;
                    case PostfixUnaryExpressionSyntax postfix when Names(postfix.Operand, name):
                        return true;
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword) && Names(argument.Expression, name):
                        return true;
                }
            }

            return false;
        }

        private static bool Names(ExpressionSyntax expression, string name) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax } access => access.Name.Identifier.ValueText == name,
            _ => false,
        };
    }
}
