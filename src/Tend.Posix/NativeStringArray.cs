using System.Runtime.InteropServices;
using System.Text;

namespace Tend.Posix;

/// <summary>A NULL-terminated array of NUL-terminated UTF-8 strings in native memory (argv, envp).</summary>
public sealed unsafe class NativeStringArray : IDisposable
{
    private readonly byte** _array;
    private readonly int _count;

    public NativeStringArray(IReadOnlyList<string> items)
    {
        _count = items.Count;
        _array = (byte**)NativeMemory.Alloc((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++) _array[i] = AllocString(items[i]);
        _array[_count] = null;
    }

    public byte** Pointer => _array;

    public static byte* AllocString(string s)
    {
        var n = Encoding.UTF8.GetByteCount(s);
        var p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    public void Dispose()
    {
        for (var i = 0; i < _count; i++) NativeMemory.Free(_array[i]);
        NativeMemory.Free(_array);
    }
}
