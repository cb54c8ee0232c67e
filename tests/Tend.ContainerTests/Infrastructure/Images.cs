namespace Tend.ContainerTests.Infrastructure;

/// <summary>
/// The images under test, built once per test run by scripts/images.sh from the repository's own
/// Dockerfiles (registry bases swapped for local roots) and the checkout's out/tend.
/// </summary>
public static class Images
{
    /// <summary>localhost/tend-test/, or $TEND_TEST_IMAGE_PREFIX/ (scripts/images.sh takes the same), so that two checkouts testing on one machine do not build over each other's images.</summary>
    public static readonly string Prefix = (Environment.GetEnvironmentVariable("TEND_TEST_IMAGE_PREFIX") is { Length: > 0 } p ? p : "localhost/tend-test") + "/";
    public static string Tend => Built("tend");
    public static string Demo => Built("demo");
    public static string Supervisord => Built("supervisord");
    public static string S6Overlay => Built("s6-overlay");
    public static string Runit => Built("runit");
    // The Debian-based ones: FROM debian:12-slim becomes a debootstrap root, built once and cached.
    public static string Lemp => Built("lemp");
    public static string CronApp => Built("cron-app");

    public static string RepoRoot { get; } = FindRoot();

    private static readonly Lazy<string> Build = new(BuildAll, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Builds every image now, once per test run (BuiltImages calls it before a class's tests).</summary>
    public static void EnsureBuilt() => _ = Build.Value;

    private static string Built(string name)
    {
        _ = Build.Value;
        return Prefix + name;
    }

    private static string BuildAll()
    {
        _ = Podman.Executable;
        var tend = Path.Combine(RepoRoot, "out", "tend");
        if (!File.Exists(tend))
            throw new InvalidOperationException($"{tend} is missing: build it with scripts/test.sh (dotnet publish src/Tend.Cli -c Release -o out)");
        var (code, stdout, stderr) = Command.Run("bash", [Path.Combine(RepoRoot, "scripts", "images.sh")], TimeSpan.FromMinutes(8), RepoRoot);
        if (code != 0) throw new InvalidOperationException($"scripts/images.sh exited {code}:\n{stdout}\n{stderr}");
        return stderr;
    }

    private static readonly Dictionary<string, Lazy<string>> Single = [];

    /// <summary>
    /// One image of scripts/images.sh alone (`images.sh NAME`), for a test class that needs no other:
    /// the tend image is seconds to build, every image minutes. After a full build, that one.
    /// </summary>
    public static string Only(string name)
    {
        if (Build.IsValueCreated) return Built(name);
        Lazy<string> build;
        lock (Single)
            if (!Single.TryGetValue(name, out build!))
                Single[name] = build = new Lazy<string>(() =>
                {
                    _ = Podman.Executable;
                    var (code, stdout, stderr) = Command.Run("bash", [Path.Combine(RepoRoot, "scripts", "images.sh"), name], TimeSpan.FromMinutes(4), RepoRoot);
                    if (code != 0) throw new InvalidOperationException($"scripts/images.sh {name} exited {code}:\n{stdout}\n{stderr}");
                    return Prefix + name;
                }, LazyThreadSafetyMode.ExecutionAndPublication);
        return build.Value;
    }

    /// <summary>
    /// Builds the Dockerfile in <paramref name="context"/> as scripts/images.sh builds the examples
    /// (registry bases swapped for local ones, every other line as written), tagged with
    /// <paramref name="name"/>: a guide's Dockerfile, followed word for word.
    /// </summary>
    public static string BuildContext(string name, string context)
    {
        EnsureBuilt();
        var script = $"source {Quote(Path.Combine(RepoRoot, "scripts", "images.sh"))} && DEBIAN_IMAGE= " +
            "&& if grep -qE '^FROM[[:space:]]+(docker\\.io/)?(library/)?debian' \"$1/Dockerfile\"; then DEBIAN_IMAGE=$(debian_base); fi " +
            "&& build_image \"$0\" \"$1\" Dockerfile";
        var (code, stdout, stderr) = Command.Run("bash", ["-c", script, name, context], TimeSpan.FromMinutes(6), RepoRoot);
        if (code != 0) throw new InvalidOperationException($"building {name} from {context} exited {code}:\n{stdout}\n{stderr}");
        return Prefix + name;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FindRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Tend.slnx"))) dir = Path.GetDirectoryName(dir);
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Tend.slnx) above " + AppContext.BaseDirectory);
    }
}
