namespace Tend.IntegrationTests.Infrastructure;

/// <summary>The binaries under test, built by scripts/test.sh (NativeAOT, as users get them).</summary>
public static class Paths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Tend => Require(Path.Combine(RepoRoot, "out", "tend"));
    public static string Dummy => Require(Path.Combine(RepoRoot, "out", "dummy", "tend-dummy"));

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Tend.slnx"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Tend.slnx) above " + AppContext.BaseDirectory);
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException(
            $"{path} is missing: build it with scripts/test.sh (dotnet publish src/Tend.Cli -c Release -o out; " +
            "dotnet publish tests/Tend.TestDummy -c Release -o out/dummy)");

    /// <summary>PID namespaces need root here; CI runs as root. Fail loudly rather than skip.</summary>
    public static void RequireRoot()
    {
        if (Environment.UserName != "root" && geteuid() != 0)
            throw new InvalidOperationException("integration tests run Tend as PID 1 with unshare and need root");
    }

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
