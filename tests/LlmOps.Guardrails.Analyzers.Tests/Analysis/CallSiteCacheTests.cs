using System.Collections.Immutable;
using LlmOps.Guardrails.Analyzers.Analysis;
using LlmOps.Guardrails.Analyzers.Rules;
using LlmOps.Guardrails.Analyzers.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LlmOps.Guardrails.Analyzers.Tests.Analysis;

/// <summary>All the rules share one resolution of each call site and model site in a compilation.</summary>
public class CallSiteCacheTests
{
    private const string Source = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        public class C
        {
            public ChatCompletion Complete(string key)
            {
                var client = new ChatClient("gpt-4o", key);
                return client.CompleteChat(new OpenAI.Chat.ChatMessage[] { new UserChatMessage("hi") }, new ChatCompletionOptions { Temperature = 0.2f });
            }

            public async Task<string> Chat(IChatClient chat)
            {
                var response = await chat.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini", MaxOutputTokens = 100 });
                return response.Text;
            }
        }
        """;

    [Fact]
    public async Task Each_operation_is_resolved_once_for_all_rules()
    {
        var compilation = await TestCompilation.CreateAsync(Source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var recorder = new CompilationRecorder();
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(
            new ModelAliasAnalyzer(), new MissingOutputCapAnalyzer(), new MissingAttributionAnalyzer(), new UnknownModelAnalyzer(),
            new DeprecatedModelAnalyzer(), new HardCodedApiKeyAnalyzer(), new OutputCapAboveMaximumAnalyzer(), new ModelsFileAnalyzer(), recorder);

        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        // The rules did run: the alias and the uncapped call are reported.
        Assert.Contains(diagnostics, d => d.Id == "LLM001");
        Assert.Contains(diagnostics, d => d.Id == "LLM002");
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        var sites = KnownSymbols.Create(recorder.Compilation!)!.Sites;

        // LLM002, LLM003 and LLM007 ask about every invocation; LLM001, LLM004, LLM005 and LLM007 about every
        // invocation, creation and assignment. Those that pass the name tests (CompleteChat and GetResponseAsync as
        // calls; new ChatClient(…) and ModelId = … as model sites) are resolved once each, not once per rule.
        Assert.Equal(2, sites.CallResolutions);
        Assert.Equal(2, sites.SiteResolutions);
    }

    [Fact]
    public async Task Results_are_the_same_for_every_rule()
    {
        var compilation = await TestCompilation.CreateAsync(Source);
        var symbols = KnownSymbols.Create(compilation)!;
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var invocation = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First();
        var creation = tree.GetRoot().DescendantNodes().OfType<ObjectCreationExpressionSyntax>().First();

        var first = LlmCall.TryCreate((Microsoft.CodeAnalysis.Operations.IInvocationOperation)model.GetOperation(invocation)!, symbols);
        // A second semantic model builds a second operation tree: the answer is still the one resolved first.
        var again = LlmCall.TryCreate((Microsoft.CodeAnalysis.Operations.IInvocationOperation)compilation.GetSemanticModel(tree).GetOperation(invocation)!, symbols);
        Assert.NotNull(first);
        Assert.Same(first, again);
        Assert.Equal(1, symbols.Sites.CallResolutions);

        Assert.True(ModelSite.TryGet(model.GetOperation(creation)!, symbols, out var site));
        Assert.True(ModelSite.TryGet(compilation.GetSemanticModel(tree).GetOperation(creation)!, symbols, out var same));
        Assert.Equal("gpt-4o", site.Id);
        Assert.Equal(site.Id, same.Id);
        Assert.Equal(1, symbols.Sites.SiteResolutions);
    }

    /// <summary>Records the compilation the analyzer driver hands to the analyzers (a test double, never shipped).</summary>
#pragma warning disable RS1036, RS1012
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class CompilationRecorder : DiagnosticAnalyzer
    {
        public Compilation? Compilation { get; private set; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            [new DiagnosticDescriptor("TEST001", "Recorder", "Recorder", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true)];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start => Compilation = start.Compilation);
        }
    }
#pragma warning restore RS1036, RS1012
}
