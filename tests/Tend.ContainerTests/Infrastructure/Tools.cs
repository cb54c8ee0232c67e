namespace Tend.ContainerTests.Infrastructure;

/// <summary>Host tools a test drives (Debian's supervisorctl); missing fails the test, never skips it.</summary>
public static class Tools
{
    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/bin", "/usr/sbin", "/bin"]))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"{name} is not installed: install Debian's package for it (.ci/run does)");
    }
}
