using LlmOps.Guardrails.ReadmeImages;

// The README's pictures are renderings of real outputs: this tool turns each output into a page that looks like
// where a user meets it (a GitHub comment, an IDE error list) and screenshots pages in headless Chromium.
// make.sh produces the outputs and calls the verbs below.
try
{
    if (args.Length == 0 || args[0] is "-h" or "--help")
    {
        Console.Out.Write(Usage.Text);
        return args.Length == 0 ? 2 : 0;
    }

    var options = CommandLineOptions.Parse(args.Skip(1));
    switch (args[0])
    {
        case "markdown":
            MarkdownPageCommand.Run(options);
            break;
        case "warnings":
            await WarningsPageCommand.RunAsync(options);
            break;
        case "screenshot":
            ScreenshotCommand.Run(options);
            break;
        default:
            throw new UsageException($"Unknown verb '{args[0]}'.\n\n{Usage.Text}");
    }

    return 0;
}
catch (UsageException e)
{
    Console.Error.WriteLine("readme-images: " + e.Message);
    return 2;
}
catch (InputException e)
{
    Console.Error.WriteLine("readme-images: " + e.Message);
    return 1;
}
