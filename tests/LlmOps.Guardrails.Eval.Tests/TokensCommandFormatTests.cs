using System.Globalization;
using System.IO;
using LlmOps.Guardrails.Core.Prompts;
using LlmOps.Guardrails.Core.Tokenization;

namespace LlmOps.Guardrails.Eval.Tests;

/// <summary>`dotnet eval tokens` on Prompty and Semantic Kernel files: the format column, folders, and refused files.</summary>
public sealed class TokensCommandFormatTests : IDisposable
{
    private const string KernelPrompt = """
name: GetIntent
template: |
  <message role="system">Pick the intent.</message>
  <message role="user">{{$request}}</message>
input_variables:
  - name: request
    default: Cancel my order please
""";

    private const string LoopingPrompty = """
---
name: Shopping
sample:
  items: [tea, cake, bread]
---
system:
List the items.
user:
{% for item in items %}- {{ item | upper }}
{% endfor %}
""";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "llmops-tokens-" + Guid.NewGuid().ToString("N"));

    public TokensCommandFormatTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_folder_reads_semantic_kernel_yaml_and_shows_each_files_format()
    {
        File.WriteAllText(Path.Combine(folder, "getIntent.yaml"), KernelPrompt);
        File.WriteAllText(Path.Combine(folder, "shopping.prompty"), LoopingPrompty);
        File.WriteAllText(Path.Combine(folder, "llmops.eval.yaml"), "prompts: [\"*.prompty\"]\n");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "Some notes.");

        var (exitCode, output, error) = CliRunner.Run("tokens", folder, "--model", "gpt-4o-2024-08-06");

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var header = output.Split('\n')[1];
        Assert.Matches(@"^file\s+format\s+tokens\s", header);
        Assert.Matches(@"(?m)^getIntent\.yaml\s+semantic-kernel\s+\d", output);
        Assert.Matches(@"(?m)^shopping\.prompty\s+prompty\s+\d", output);
        Assert.Matches(@"(?m)^notes\.txt\s+text\s+\d", output);
        Assert.DoesNotContain("llmops.eval.yaml", output, StringComparison.Ordinal);

        // The loop ran: the count is the rendered messages', each item upper-cased on its own line.
        var prompt = PromptFileReader.ReadFile(Path.Combine(folder, "shopping.prompty")).Prompt!;
        var messages = PromptRenderer.Render(prompt);
        Assert.Equal("- TEA\n- CAKE\n- BREAD", messages[1].Content);
        var tokens = TokenCounters.ForModel("gpt-4o-2024-08-06").CountChat(messages).Tokens;
        Assert.Matches(@"(?m)^shopping\.prompty\s+prompty\s+" + tokens.ToString("N0", CultureInfo.InvariantCulture) + @"\s", output);
        Assert.Contains("Total: ", output, StringComparison.Ordinal);
        Assert.Contains("in 3 file(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_its_format_refuses_exits_3_with_its_diagnostic_and_is_not_counted_as_text()
    {
        File.WriteAllText(Path.Combine(folder, "getIntent.yaml"), KernelPrompt);
        File.WriteAllText(Path.Combine(folder, "broken.prompty"), "---\nname: Broken\n---\nuser:\n{% if not done %}Go on{% endif %}\n");

        var (exitCode, output, error) = CliRunner.Run("tokens", folder, "--model", "gpt-4o-2024-08-06");

        Assert.Equal(ExitCodes.CouldNotRun, exitCode);
        Assert.Matches(@"(?m)^broken\.prompty\s+prompty\s+refused\s", output);
        Assert.Matches(@"broken\.prompty\(5,\d+\): error LLMP020: ", error);
        Assert.Contains("error LLME006: 1 prompt file(s) refused", error, StringComparison.Ordinal);
        Assert.Contains("in 1 file(s).", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_semantic_kernel_file_named_like_a_native_one_is_read_as_semantic_kernel()
    {
        var file = Path.Combine(folder, "getIntent.prompt.yaml");
        File.WriteAllText(file, KernelPrompt);

        var (exitCode, output, _) = CliRunner.Run("tokens", file, "--model", "gpt-4o-2024-08-06");

        Assert.Equal(0, exitCode);
        Assert.Contains("semantic-kernel", output, StringComparison.Ordinal);
    }
}
