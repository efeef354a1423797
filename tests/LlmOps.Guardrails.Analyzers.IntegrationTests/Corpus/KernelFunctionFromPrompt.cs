// A prompt function created once and invoked through the kernel.
using System.Threading.Tasks;
using Microsoft.SemanticKernel;

namespace Corpus.KernelFunctionFromPrompt;

public sealed class Translator(Kernel kernel)
{
    private readonly KernelFunction translate = kernel.CreateFunctionFromPrompt("Translate to {{$language}}: {{$text}}");

    public async Task<string> TranslateAsync(string text, string language)
    {
        FunctionResult result = await kernel.InvokeAsync(translate, new KernelArguments { ["text"] = text, ["language"] = language }); // expect: LLM002, LLM003
        return result.GetValue<string>() ?? "";
    }
}
