namespace Tend.Fuzz;

/// <summary>
/// Runs a target once per file, outside afl-fuzz: to check a corpus, or to see the exception
/// behind a crash file AFL++ saved. Prints each finding with its file; exit code 1 if any.
/// </summary>
internal static class Replay
{
    public static int Run(Action<byte[]> target, IEnumerable<string> paths)
    {
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
