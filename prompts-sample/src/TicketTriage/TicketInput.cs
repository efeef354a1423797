using System;
using System.IO;

namespace TicketTriage;

/// <summary>The ticket to triage: from the command line (subject, then body) or from standard input.</summary>
internal sealed record TicketInput(string Subject, string Body, string CustomerName)
{
    /// <summary>
    /// Usage: TicketTriage [--customer NAME] [SUBJECT [BODY]]. Without a body, the body is read from standard input
    /// (first line the subject when no subject was given either).
    /// </summary>
    public static TicketInput Read(string[] args, TextReader stdin, bool stdinRedirected)
    {
        string customer = "there";
        var rest = new System.Collections.Generic.List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--customer" && i + 1 < args.Length) customer = args[++i];
            else rest.Add(args[i]);
        }

        string? subject = rest.Count > 0 ? rest[0] : null;
        string? body = rest.Count > 1 ? string.Join(" ", rest.GetRange(1, rest.Count - 1)) : null;
        if (body is null && stdinRedirected)
        {
            string text = stdin.ReadToEnd().Trim();
            if (text.Length == 0)
            {
                // An empty pipe (e.g. a CI step) is no ticket: fall through to the sample.
            }
            else if (subject is null)
            {
                int newline = text.IndexOf('\n', StringComparison.Ordinal);
                subject = newline < 0 ? text : text[..newline].Trim();
                body = newline < 0 ? text : text[(newline + 1)..].Trim();
            }
            else
            {
                body = text;
            }
        }

        // Without input, the sample ticket of the classify prompt shows what the app does.
        subject ??= "Cannot log in after password reset";
        body ??= "Hi, since resetting my password this morning the app keeps saying \"invalid credentials\". I have a client demo at 3pm today. Please help!";
        return new TicketInput(subject, body.Length == 0 ? subject : body, customer);
    }
}
