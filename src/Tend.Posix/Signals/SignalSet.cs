using Tend.Posix.Interop;

namespace Tend.Posix.Signals;

/// <summary>
/// A glibc sigset_t built by hand: signal n is bit n-1 of the first 64-bit word. Doing it directly
/// avoids one P/Invoke per sigaddset and keeps the layout explicit.
/// </summary>
public sealed unsafe class SignalSet
{
    private readonly byte[] _bits = new byte[LibC.SigSetSize];

    public static SignalSet Of(params int[] signals)
    {
        var set = new SignalSet();
        foreach (var s in signals) set.Add(s);
        return set;
    }

    /// <summary>Every signal 1..64; the kernel ignores KILL and STOP where they cannot apply.</summary>
    public static SignalSet Full()
    {
        var set = new SignalSet();
        for (var s = 1; s <= 64; s++) set.Add(s);
        return set;
    }

    public void Add(int signal) => _bits[(signal - 1) / 8] |= (byte)(1 << ((signal - 1) % 8));

    /// <summary>Blocks the set in the calling thread; threads created afterwards inherit the mask.</summary>
    public void Block()
    {
        fixed (byte* p = _bits)
            if (LibC.pthread_sigmask(LibC.SIG_BLOCK, p, null) != 0) throw PosixException.FromLastError("pthread_sigmask");
    }

    /// <summary>A copy of a native sigset_t (<see cref="NativeSize"/> bytes at <paramref name="sigset"/>).</summary>
    public static SignalSet FromNative(void* sigset)
    {
        var set = new SignalSet();
        new ReadOnlySpan<byte>(sigset, LibC.SigSetSize).CopyTo(set._bits);
        return set;
    }

    /// <summary>The size of a native sigset_t, for a buffer <see cref="FromNative"/> reads.</summary>
    public const int NativeSize = LibC.SigSetSize;

    /// <summary>Makes this set the calling thread's whole mask; threads created afterwards inherit it.</summary>
    public void SetAsMask()
    {
        fixed (byte* p = _bits)
            if (LibC.pthread_sigmask(LibC.SIG_SETMASK, p, null) != 0) throw PosixException.FromLastError("pthread_sigmask");
    }

    /// <summary>The calling thread's current mask.</summary>
    public static SignalSet CurrentMask()
    {
        var set = new SignalSet();
        fixed (byte* p = set._bits)
            if (LibC.pthread_sigmask(LibC.SIG_BLOCK, null, p) != 0) throw PosixException.FromLastError("pthread_sigmask");
        return set;
    }

    /// <summary>True when every signal of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(SignalSet other)
    {
        for (var i = 0; i < _bits.Length; i++)
            if ((_bits[i] & ~other._bits[i]) != 0) return false;
        return true;
    }

    internal byte[] Bytes => _bits;
}
