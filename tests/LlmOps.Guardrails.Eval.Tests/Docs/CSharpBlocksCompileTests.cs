using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmOps.Guardrails.Eval.Tests.Docs;

/// <summary>
/// Docs that work as written: every C# block of README.md and docs/ compiles against the real product assemblies.
/// A block that is a fragment on purpose says so in its info string (<c>```csharp fragment</c>), and such blocks stay rare.
/// </summary>
public sealed class CSharpBlocksCompileTests
{
    [Fact]
    public void Every_csharp_block_of_the_docs_compiles()
    {
        var blocks = DocsCSharp.ReadRepository(CliRunner.RepositoryRoot);
        var compiled = blocks.Where(b => !b.IsFragment).ToList();

        // A scan that finds nothing passes trivially; the docs hold more than thirty C# blocks.
        Assert.True(compiled.Count >= 30, $"only {compiled.Count} C# blocks found; is the scan looking in the right place?");
        var errors = DocsCSharp.Compile(compiled);
        Assert.True(errors.Count == 0, $"{errors.Count} errors in {compiled.Count} C# blocks of the docs:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void Fragments_are_at_most_one_block_in_ten()
    {
        var blocks = DocsCSharp.ReadRepository(CliRunner.RepositoryRoot);
        var fragments = blocks.Where(b => b.IsFragment).Select(b => $"{b.File}({b.Line})").ToList();

        // The marker is an escape hatch for elisions like `…`, not a way to keep a stale example.
        Assert.True(fragments.Count * 10 <= blocks.Count,
            $"{fragments.Count} of {blocks.Count} C# blocks are marked '{DocsCSharp.FragmentMarker}': " + string.Join(", ", fragments));
    }

    [Fact]
    public void A_broken_block_is_reported_with_its_file_and_line()
    {
        const string markdown = "# Planted\n\nText.\n\n```csharp\nvar fine = 1;\nint broken = \"text\";\n```\n\n"
            + "```cs fragment\nthis is not C# …\n```\n\n```c#\npublic sealed class Fine { }\n```\n";
        var blocks = DocsCSharp.Read("docs/planted.md", markdown);

        Assert.Equal(new[] { (6, false), (11, true), (15, false) }, blocks.Select(b => (b.Line, b.IsFragment)));
        var errors = DocsCSharp.Compile(blocks.Where(b => !b.IsFragment));
        var error = Assert.Single(errors);
        Assert.StartsWith("docs/planted.md(7): error CS0029: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_that_uses_a_name_the_docs_never_declare_is_reported()
    {
        // Ambient names (DocsCSharp.Ambient) stand for the reader's own objects; anything else must be declared.
        var blocks = DocsCSharp.Read("docs/planted.md", "```csharp\nusing System;\n\nawait client.GetResponseAsync(undeclared);\n```\n");
        var error = Assert.Single(DocsCSharp.Compile(blocks));
        Assert.StartsWith("docs/planted.md(4): error CS0103: ", error, StringComparison.Ordinal);
    }
}

/// <summary>A fenced C# block: the file it is in (relative, forward slashes), the 1-based line of its first code line.</summary>
internal sealed record DocsCSharpBlock(string File, int Line, string Code, bool IsFragment);

/// <summary>Finds the C# blocks of markdown files and compiles them in-process with Roslyn.</summary>
internal static class DocsCSharp
{
    /// <summary>The info-string word after the language that marks a block as a fragment on purpose (not compiled).</summary>
    public const string FragmentMarker = "fragment";

    private static readonly string[] Languages = { "csharp", "cs", "c#" };
    // C# 12: what a net8.0 project compiles by default, the oldest target the library packages support.
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>
    /// What a block may use without declaring it: the usual implicit usings, the product's namespaces, and a few
    /// objects every reader already has (their client, their messages, their key...). Fields, so that a block that
    /// declares a local of the same name simply hides them. MyApp.Prompts has the shape the Build package generates
    /// for the classify-ticket prompt of getting-started.md (build.md, "Generated accessors"); the generator itself is
    /// compiled and run against its output in LlmOps.Guardrails.Build.Tests.
    /// </summary>
    public const string Ambient = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.Extensions.AI;
        global using Microsoft.Extensions.Logging;
        global using Anthropic.Models.Messages;
        global using OpenAI.Chat;
        global using OpenTelemetry;
        global using OpenTelemetry.Metrics;
        global using OpenTelemetry.Trace;
        global using static DocsAmbient;

        internal static class DocsAmbient
        {
            public static IChatClient client = null!, inner = null!, provider = null!;
            public static IList<Microsoft.Extensions.AI.ChatMessage> messages = null!;
            public static OpenAI.Chat.ChatClient chat = null!;
            public static string apiKey = "", azureKey = "", connectionString = "", prompt = "", ticket = "";
            public static ILogger logger = null!;
            public static LlmOps.Guardrails.Core.Catalog.ModelCatalog catalog = null!;
            public static ChatResponse cachedResponse = null!;
        }

        namespace MyApp
        {
            public static partial class Prompts
            {
                public sealed class PromptMessage
                {
                    public string Role { get; } = "";
                    public string Content { get; } = "";
                }

                public static class ClassifyTicket
                {
                    public const string Id = "classify-ticket";
                    public const string Model = "gpt-4o-2024-08-06";
                    public static IReadOnlyList<PromptMessage> Render(string ticket) => throw null!;
                    public static IList<Microsoft.Extensions.AI.ChatMessage> RenderChatMessages(string ticket) => throw null!;
                    public static ChatOptions CreateChatOptions() => throw null!;
                }
            }
        }
        """;

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList());

    /// <summary>The assemblies a reader references; their public namespaces are imported for every block.</summary>
    private static readonly System.Reflection.Assembly[] ProductAssemblies =
    {
        typeof(LlmOps.Guardrails.Core.Catalog.ModelCatalog).Assembly,
        typeof(LlmOps.Guardrails.Runtime.Providers.LlmOpsProviders).Assembly,
        typeof(LlmOps.Guardrails.Runtime.PostgreSql.PostgresBudgetStore).Assembly,
        typeof(LlmOps.Guardrails.Runtime.GuardrailsChatClientBuilderExtensions).Assembly,
    };

    /// <summary>Every C# block of README.md and docs/**/*.md, in file order.</summary>
    public static IReadOnlyList<DocsCSharpBlock> ReadRepository(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Prepend(Path.Combine(root, "README.md"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .SelectMany(path => Read(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();

    /// <summary>The C# blocks of one markdown text; <paramref name="file"/> is the name errors are reported under.</summary>
    public static IReadOnlyList<DocsCSharpBlock> Read(string file, string markdown) =>
        Markdown.Parse(markdown).Descendants<FencedCodeBlock>()
            .Where(block => Languages.Contains(block.Info, StringComparer.OrdinalIgnoreCase))
            .Select(block => new DocsCSharpBlock(
                file,
                block.Line + 2, // Markdig counts from 0 and Line is the opening fence
                string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(line => line.ToString())),
                (block.Arguments ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(FragmentMarker, StringComparer.Ordinal)))
            .ToList();

    /// <summary>Compiles the blocks in one compilation; each error as <c>file(line): error CSxxxx: message</c>.</summary>
    public static IReadOnlyList<string> Compile(IEnumerable<DocsCSharpBlock> blocks)
    {
        var imports = ProductAssemblies.SelectMany(a => a.GetExportedTypes()).Select(t => t.Namespace).OfType<string>().Distinct()
            .OrderBy(n => n, StringComparer.Ordinal).Select(n => $"global using {n};\n");
        var trees = blocks.Select((block, i) => CSharpSyntaxTree.ParseText(Wrap(block, i), ParseOptions, path: $"{block.File}.block{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(string.Concat(imports) + Ambient, ParseOptions, path: "ambient.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create("DocsCSharpBlocks", trees, References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => (Span: d.Location.GetMappedLineSpan(), Diagnostic: d))
            .OrderBy(e => e.Span.Path, StringComparer.Ordinal).ThenBy(e => e.Span.StartLinePosition.Line)
            .Select(e => $"{e.Span.Path}({e.Span.StartLinePosition.Line + 1}): error {e.Diagnostic.Id}: {e.Diagnostic.GetMessage(CultureInfo.InvariantCulture)}")
            .ToList();
    }

    /// <summary>
    /// A block that is a complete file (usings and type declarations) stays as it is; its statements, if any, become the
    /// body of an async method, as top-level statements would, so that many blocks fit in one compilation. Each block
    /// gets a namespace of its own, and #line directives map every line back to the markdown file.
    /// </summary>
    private static string Wrap(DocsCSharpBlock block, int index)
    {
        var code = block.Code;
        var unit = CSharpSyntaxTree.ParseText(code, ParseOptions).GetCompilationUnitRoot();
        var statements = unit.Members.OfType<GlobalStatementSyntax>().ToList();
        int membersStart = unit.Members.Count > 0 ? unit.Members[0].FullSpan.Start : code.Length;
        int statementsEnd = statements.Count > 0 ? statements[^1].FullSpan.End : membersStart;

        var text = new StringBuilder();
        void Region(int start, int end)
        {
            int line = block.Line + code.Take(start).Count(c => c == '\n');
            text.Append(CultureInfo.InvariantCulture, $"#line {line} \"{block.File}\"\n").Append(code, start, end - start).Append("\n#line default\n");
        }

        Region(0, membersStart);
        if (!unit.Members.Any(m => m is BaseNamespaceDeclarationSyntax))
        {
            text.Append(CultureInfo.InvariantCulture, $"namespace DocsBlock{index};\n");
        }

        if (statements.Count > 0)
        {
            text.Append("internal static class Block\n{\ninternal static async Task Run()\n{\n");
            Region(membersStart, statementsEnd);
            text.Append("}\n}\n");
        }

        Region(statementsEnd, code.Length);
        return text.ToString();
    }
}
