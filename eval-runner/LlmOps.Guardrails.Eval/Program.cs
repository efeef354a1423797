using System;

namespace LlmOps.Guardrails.Eval;

public static class Program
{
    public static int Main(string[] args) => EvalCli.Run(args, Console.Out, Console.Error);
}
