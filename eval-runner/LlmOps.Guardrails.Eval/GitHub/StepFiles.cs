using System.IO;
using System.Text;

namespace LlmOps.Guardrails.Eval.GitHub;

/// <summary>
/// $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. Both are files the runner hands every step and expects appended to
/// (other steps write to them too), so these are appends, not temp-and-rename writes.
/// </summary>
public static class StepFiles
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Appends one output; values are single-line, so the simple name=value form is safe.</summary>
    public static void AppendOutput(string path, string name, string value)
    {
        var oneLine = value.Replace('\r', ' ').Replace('\n', ' ');
        File.AppendAllText(path, name + "=" + oneLine + "\n", Utf8NoBom);
    }

    public static void AppendSummary(string path, string markdown) =>
        File.AppendAllText(path, markdown.EndsWith('\n') ? markdown + "\n" : markdown + "\n\n", Utf8NoBom);
}
