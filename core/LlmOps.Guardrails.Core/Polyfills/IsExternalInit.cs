#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices;

// Lets netstandard2.0 builds use init-only setters; the compiler needs only the type's presence.
internal static class IsExternalInit
{
}
#endif
