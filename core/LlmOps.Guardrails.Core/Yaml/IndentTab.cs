using LlmOps.Guardrails.Core.Prompts;

namespace LlmOps.Guardrails.Core.Yaml;

/// <summary>
/// Finds a tab used to indent a line. YamlDotNet reports such a file where the indentation stops making sense (often
/// the enclosing mapping), but the person needs to see the tab itself.
/// </summary>
internal static class IndentTab
{
    /// <summary>
    /// The first tab in the leading whitespace (spaces, tabs and list dashes) of a line up to <paramref name="lastLine"/>
    /// that is followed by content; tabs before a comment or on an otherwise blank line are harmless and skipped.
    /// </summary>
    public static SourcePosition? Find(string text, int lastLine)
    {
        var line = 1;
        var column = 1;
        var leading = true;
        SourcePosition? tab = null;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                if (line >= lastLine)
                {
                    return null;
                }

                line++;
                column = 1;
                leading = true;
                tab = null;
                continue;
            }

            if (leading)
            {
                if (c == '\t')
                {
                    tab ??= new SourcePosition(line, column);
                }
                else if (c is not (' ' or '-'))
                {
                    if (tab is not null && c is not ('\r' or '#'))
                    {
                        return tab;
                    }

                    leading = false;
                    tab = null;
                }
            }

            column++;
        }

        return null;
    }
}
