namespace LlmOps.Guardrails.ReadmeImages;

internal static class Usage
{
    public const string Text = """
        readme-images VERB [options]

          markdown   --in FILE.md --out PAGE.html --title TEXT [--frame comment|file] [--open-details N]
                     Markdown rendered as GitHub shows it, in a pull-request comment or a file view.
          warnings   --log BUILD.log --items ITEMS.json --out PAGE.html [--codes REGEX] [--fix LLM002]
                     The build's analyzer findings as an IDE error list, with the code fix of one of
                     them applied in a Roslyn workspace (ITEMS.json: dotnet build -getItem/-getProperty output;
                     --codes: the codes to list, default LLM\d{3}; --fix: the rule whose fix is shown).
          screenshot --page PAGE.html --out IMAGE.png [--width 1200] [--max-height 2400]
                     Headless Chromium ($CHROMIUM or chromium on PATH); the height follows the page.

        """;
}
