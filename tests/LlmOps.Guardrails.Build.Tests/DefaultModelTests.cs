using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Build.Tests;

/// <summary>Prompt files that name no model (Semantic Kernel and Prompty leave it to the application) and LlmOpsDefaultModel.</summary>
public sealed class DefaultModelTests : IDisposable
{
    // Semantic Kernel's form, as real files write it: no execution_settings, a variable it does not declare.
    private const string KernelPrompt = """
name: GetIntent
template: |
  <message role="system">Pick the intent of the request.</message>
  <message role="user">{{$request}} {{$user_message}}</message>
input_variables:
  - name: request
    default: I want to cancel my order
""";

    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void Without_a_default_the_prompt_is_versioned_and_counted_with_info_LLMP019()
    {
        project.Write("prompts/getIntent.prompt.yaml", KernelPrompt);

        var (success, engine) = project.Run();

        Assert.True(success, engine.ToString());
        Assert.Empty(engine.Errors);
        var info = Assert.Single(engine.Messages, m => m.Code == PromptDiagnosticCodes.UnpricedPrompt);
        Assert.EndsWith("getIntent.prompt.yaml", info.File, StringComparison.Ordinal);
        Assert.Contains("LlmOpsDefaultModel", info.Message, StringComparison.Ordinal);
        Assert.Contains(engine.Warnings, w => w.Code == PromptDiagnosticCodes.UndeclaredVariable && w.Message.Contains("user_message", StringComparison.Ordinal));

        var entry = Assert.Single(ReadLock());
        Assert.Equal(("get-intent", string.Empty, (decimal?)null), (entry.Id, entry.Model, entry.CostPerCall));
        Assert.True(entry.InputTokens > 10, entry.InputTokens.ToString());
        Assert.StartsWith("sha256:", entry.Hash, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.md"));
        Assert.Contains("Unpriced (tokens counted, no cost): get-intent (names no model: set LlmOpsDefaultModel).", report, StringComparison.Ordinal);
        Assert.Contains("\"unpriced\"", File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.json")), StringComparison.Ordinal);

        // A second build reads the lock it wrote (an empty model is valid there) and changes nothing.
        var again = project.Run();
        Assert.True(again.Success, again.Engine.ToString());
        Assert.Empty(again.Engine.Errors);
    }

    [Fact]
    public void The_default_model_prices_the_prompt_and_is_the_accessors_model()
    {
        project.Write("prompts/getIntent.prompt.yaml", KernelPrompt);

        var (success, engine) = project.Run(task => task.DefaultModel = "gpt-4o-2024-08-06");

        Assert.True(success, engine.ToString());
        Assert.DoesNotContain(engine.Messages, m => m.Code == PromptDiagnosticCodes.UnpricedPrompt);
        var entry = Assert.Single(ReadLock());
        Assert.Equal("gpt-4o-2024-08-06", entry.Model);
        Assert.True(entry.CostPerCall > 0m);
        var generated = File.ReadAllText(project.GeneratedPath);
        Assert.Contains("public const string Model = \"gpt-4o-2024-08-06\";", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Unpriced", File.ReadAllText(Path.Combine(project.ReportDirectory, "cost-report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_with_a_loop_gets_no_substituting_render_accessor()
    {
        project.Write("prompts/history.prompt.yaml", """
name: History
template_format: handlebars
template: |
  {{#each turns}}<message role="user">{{this}}</message>{{/each}}
input_variables:
  - name: turns
    default: [a, b]
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    max_tokens: 10
""");
        project.Write("prompts/plain.prompt.yaml", """
name: Plain
template: <message role="user">Say {{$word}}</message>
input_variables:
  - name: word
    default: hi
execution_settings:
  default:
    model_id: gpt-4o-2024-08-06
    max_tokens: 10
""");

        var (success, engine) = project.Run();

        Assert.True(success, engine.ToString());
        var generated = File.ReadAllText(project.GeneratedPath);
        var history = generated.Substring(generated.IndexOf("public static class History", StringComparison.Ordinal));
        history = history.Substring(0, history.IndexOf("public static class Plain", StringComparison.Ordinal) < 0 ? history.Length : history.IndexOf("public static class Plain", StringComparison.Ordinal));
        Assert.DoesNotContain("Render(", history, StringComparison.Ordinal);
        var plain = generated.Substring(generated.IndexOf("public static class Plain", StringComparison.Ordinal));
        Assert.Contains("Render(string word)", plain, StringComparison.Ordinal);
        Assert.Contains("\"Say \"", plain, StringComparison.Ordinal);
    }

    private IReadOnlyList<PromptLockEntry> ReadLock()
    {
        var diagnostics = new List<PromptDiagnostic>();
        var parsed = PromptLockFile.Parse(File.ReadAllText(project.LockPath), project.LockPath, diagnostics);
        Assert.Empty(diagnostics);
        return parsed!.Prompts;
    }
}
