namespace Tend.IntegrationTests.Infrastructure;

/// <summary>
/// Programs a guide names that this machine need not have (postgres, /app/web...), stood in for
/// by small scripts over tend-dummy, in a directory put first on Tend's PATH: the guide's config
/// runs as written, its `command: ["postgres"]` finding the stand-in. A command given by an
/// absolute path the test cannot create (/app/web) is the one change made to the config: its
/// directory is mapped to this one (<see cref="Map"/>).
/// </summary>
public sealed class StandIns
{
    private readonly TempDir _dir;

    public StandIns(TempDir dir)
    {
        _dir = dir;
        Directory.CreateDirectory(Bin);
    }

    /// <summary>The directory of the stand-ins (first on PATH).</summary>
    public string Bin => _dir.File("standins");

    /// <summary>Where a test's stand-ins leave their marks and wait for the test's.</summary>
    public string State => _dir.Path;

    /// <summary>A stand-in named <paramref name="name"/>: a sh script (tend-dummy is $DUMMY, the test directory $STATE).</summary>
    public string Add(string name, string script)
    {
        var path = Path.Combine(Bin, name.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"#!/bin/sh\nDUMMY='{Paths.Dummy}'\nSTATE='{State}'\n{script}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>The config with every absolute command path under <paramref name="directory"/> (e.g. "/app/") pointed at the stand-ins.</summary>
    public string Map(string yaml, string directory) =>
        yaml.Replace($"\"{directory}", $"\"{Bin}{directory}", StringComparison.Ordinal)
            .Replace($"[{directory}", $"[{Bin}{directory}", StringComparison.Ordinal);

    /// <summary>Tend's environment: the stand-ins first on PATH.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["PATH"] = $"{Bin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    };

    /// <summary>
    /// What runs Tend as PID 1 with a network and a /run of its own: a guide's ports (8080, 9090)
    /// and paths (/run/php) are fixed, and tests run in parallel on one machine.
    /// </summary>
    public static readonly string[] PrivateNetworkAndRun =
        ["unshare", "--net", "--", "sh", "-c", "ip link set lo up && mount -t tmpfs -o mode=0755 tmpfs /run && exec \"$0\" \"$@\""];
}
