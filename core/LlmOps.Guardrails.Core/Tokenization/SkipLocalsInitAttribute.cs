#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

// The compiler honours this attribute by name; declaring it lets the netstandard2.0 build skip zeroing
// stackalloc scratch buffers in the tokenizer's hot loop, as the net8.0 build does.
[AttributeUsage(AttributeTargets.Module | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property | AttributeTargets.Event | AttributeTargets.Interface, Inherited = false)]
internal sealed class SkipLocalsInitAttribute : Attribute
{
}
#endif
