namespace Tend.Fuzz;

/// <summary>
/// Runs a target once per file, outside afl-fuzz: to check a corpus, or to see the exception
/// behind a crash file AFL++ saved. Prints each finding with its file; exit code 1 if any.
/// </summary>
internal static class Replay
{
    public static unsafe int Run(Action<byte[]> target, IEnumerable<string> paths)
    {
        // Instrumented assemblies record every branch into AFL's shared memory; outside afl-fuzz
        // there is none, so they get a scratch map of AFL's size (64 KiB) to write into.
        if (SharpFuzz.Common.Trace.SharedMem == null) SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(65536);
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p) : [p]).Order(StringComparer.Ordinal).ToList();
        var findings = 0;
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                findings++;
                Console.WriteLine($"{file}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }
        Console.WriteLine($"{files.Count} inputs, {findings} findings");
        return findings == 0 ? 0 : 1;
    }
}
