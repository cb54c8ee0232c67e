using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Tend.TestDummy.Verbs;

/// <summary>
/// Verbs that report the execution context tend gave the child (signal state, fds,
/// environment, cwd, umask, credentials, session/process group) as plain lines on stdout.
/// </summary>
internal static unsafe class InspectVerbs
{
    /// <summary>The raw hex masks; SigCgt is left out because the .NET runtime catches signals of its own.</summary>
    public static Action PrintSignalState(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            string[] lines;
            try { lines = File.ReadAllLines("/proc/self/status"); }
            catch (IOException e) { throw new FailureException($"cannot read /proc/self/status: {e.Message}"); }
            var output = new StringBuilder();
            foreach (var key in (string[])["SigBlk:", "SigIgn:", "SigPnd:"])
                foreach (var line in lines)
                    if (line.StartsWith(key, StringComparison.Ordinal)) output.Append(line).Append('\n');
            RawIo.WriteText(RawIo.Stdout, output.ToString());
        };
    }

    /// <summary>
    /// Leaked descriptors show up here; the directory fd used for listing is left out. Use it as
    /// the first verb: some runtime features open close-on-exec fds of their own (trap-term's
    /// signal pipe, /dev/urandom for hashing), which would be listed after them.
    /// </summary>
    public static Action PrintFds(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            nint dir = Native.opendir("/proc/self/fd");
            if (dir == 0) throw new FailureException($"cannot open /proc/self/fd: {Native.LastError()}");
            var fds = new List<int>();
            try
            {
                int own = Native.dirfd(dir);
                byte* entry;
                while ((entry = Native.readdir(dir)) != null)
                {
                    var name = Marshal.PtrToStringUTF8((nint)(entry + Native.DirentNameOffset));
                    if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) && fd != own)
                        fds.Add(fd);
                }
            }
            finally { Native.closedir(dir); }
            fds.Sort();
            var output = new StringBuilder();
            foreach (var fd in fds) output.Append(fd.ToString(CultureInfo.InvariantCulture)).Append('\n');
            RawIo.WriteText(RawIo.Stdout, output.ToString());
        };
    }

    /// <summary>"NAME=value" (value as raw bytes from libc's environment) or "NAME unset".</summary>
    public static Action PrintEnv(VerbArgs a)
    {
        a.Expect(1, int.MaxValue, "NAME...");
        var names = Enumerable.Range(0, a.Count).Select(i => a[i]).ToArray();
        return () =>
        {
            var output = new List<byte>();
            foreach (var name in names)
            {
                byte* value = Native.getenv(name);
                if (value == null)
                {
                    output.AddRange(Encoding.UTF8.GetBytes(name + " unset\n"));
                    continue;
                }
                output.AddRange(Encoding.UTF8.GetBytes(name + "="));
                output.AddRange(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(value));
                output.Add((byte)'\n');
            }
            RawIo.WriteAll(RawIo.Stdout, output.ToArray());
        };
    }

    public static Action PrintCwd(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            const int size = 8192;
            byte* buffer = stackalloc byte[size];
            if (Native.getcwd(buffer, size) == null)
                throw new FailureException($"getcwd failed: {Native.LastError()}");
            var path = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(buffer);
            RawIo.WriteAll(RawIo.Stdout, [.. path, (byte)'\n']);
        };
    }

    public static Action PrintUmask(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            // umask(2) can only be read by setting it; put it straight back. Nothing else in
            // the dummy creates files concurrently, so the brief 0 is harmless.
            uint mask = Native.umask(0);
            Native.umask(mask);
            RawIo.WriteLine(RawIo.Stdout, "0" + Convert.ToString((int)mask, 8).PadLeft(3, '0'));
        };
    }

    public static Action PrintIds(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () =>
        {
            int count = Native.getgroups(0, null);
            if (count < 0) throw new FailureException($"getgroups failed: {Native.LastError()}");
            var groups = new uint[count];
            fixed (uint* p = groups)
                count = Native.getgroups(count, p);
            if (count < 0) throw new FailureException($"getgroups failed: {Native.LastError()}");
            RawIo.WriteLine(RawIo.Stdout,
                $"uid={Native.getuid()} gid={Native.getgid()} groups={string.Join(',', groups.Take(count))}");
        };
    }

    public static Action PrintPgid(VerbArgs a)
    {
        a.Expect(0, 0, "");
        return () => RawIo.WriteLine(RawIo.Stdout,
            $"pid={Native.getpid()} pgid={Native.getpgrp()} sid={Native.getsid(0)} ppid={Native.getppid()}");
    }
}
