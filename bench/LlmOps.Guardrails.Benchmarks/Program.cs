using BenchmarkDotNet.Running;

namespace LlmOps.Guardrails.Benchmarks;

public static class Program
{
    public static int Main(string[] args)
    {
        // Plain console modes (tokenizer-sidebyside, tokenizer-firstuse) run without BenchmarkDotNet.
        if (args.Length > 0 && TokenizerConsoleModes.TryRun(args, out var exitCode))
        {
            return exitCode;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
