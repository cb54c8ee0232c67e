using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config.ServiceDirs;

/// <summary>A directory tree built in a temp dir for one test, deleted afterwards; scripts get their execute bits here.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TempTree : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public string Root { get; } = Directory.CreateTempSubdirectory("tend-svdirs-").FullName;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>An executable script.</summary>
    public string Script(string relative, string text = "#!/bin/sh\nexec sleep 1000\n")
    {
        var path = File(relative, text);
        System.IO.File.SetUnixFileMode(path, Executable);
        return path;
    }

    /// <summary>A plain file (not executable); empty by default, as s6-rc's dependencies.d entries.</summary>
    public string File(string relative, string text = "")
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Link(string relative, string target)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }

    public static TendConfig Valid(ConfigResult result)
    {
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config!;
    }

    public static ProgramSpec Program(TendConfig config, string name) =>
        config.Programs.SingleOrDefault(p => p.Name == name) ?? throw new Xunit.Sdk.XunitException($"no program '{name}' in: {string.Join(", ", config.Programs.Select(p => p.Name))}");

    /// <summary>The single error; the config must be withheld.</summary>
    public static Diagnostic SingleError(ConfigResult result)
    {
        Assert.Null(result.Config);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(errors.Count == 1, $"expected one error, got:\n{string.Join("\n", result.Diagnostics)}");
        return errors[0];
    }

    public static IReadOnlyDictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
