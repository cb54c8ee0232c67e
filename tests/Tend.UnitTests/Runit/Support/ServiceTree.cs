namespace Tend.UnitTests.Runit.Support;

/// <summary>A temporary SVDIR holding runit service directories.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ServiceTree : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("tend-runit-").FullName;

    /// <summary>
    /// Creates <c>Root/name</c> with an executable <c>run</c> (a /bin/sh script), and optionally a
    /// <c>down</c> file, a <c>finish</c> script and a <c>log/</c> service.
    /// </summary>
    public string Add(string name, string run = "exec sleep 100", bool down = false, string? finish = null, string? logRun = null)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        Script(Path.Combine(dir, "run"), run);
        if (down) File.WriteAllText(Path.Combine(dir, "down"), "");
        if (finish is not null) Script(Path.Combine(dir, "finish"), finish);
        if (logRun is not null)
        {
            Directory.CreateDirectory(Path.Combine(dir, "log"));
            Script(Path.Combine(dir, "log", "run"), logRun);
        }
        return dir;
    }

    private static void Script(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
