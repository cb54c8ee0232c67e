using Tend.Config;
using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.UnitTests.Config.Supervisord;

/// <summary>Loads supervisord INI text as "supervisord.conf" on host "box", and finds diagnostics by line.</summary>
internal static class IniTestSupport
{
    public const string File = "supervisord.conf";
    public const string Host = "box";

    public static ConfigResult Load(string ini, IReadOnlyDictionary<string, string>? environment = null, string file = File) =>
        SupervisordConfigLoader.LoadText(ini, file, environment ?? new Dictionary<string, string>(), Host);

    /// <summary>Loads text that must have no errors; prefixes [supervisord] so the missing-section warning stays out.</summary>
    public static TendConfig LoadValid(string ini, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load("[supervisord]\n" + ini, environment);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config!;
    }

    /// <summary>The only program of a valid file.</summary>
    public static ProgramSpec Single(string ini, IReadOnlyDictionary<string, string>? environment = null) =>
        Assert.Single(LoadValid(ini, environment).Programs);

    /// <summary>The only diagnostic of that severity, which must be at "supervisord.conf:line".</summary>
    public static Diagnostic SingleAt(ConfigResult result, Severity severity, int line)
    {
        var matching = result.Diagnostics.Where(d => d.Severity == severity).ToList();
        Assert.True(matching.Count == 1, $"expected one {severity}, got:\n{string.Join("\n", result.Diagnostics)}");
        Assert.Equal($"{File}:{line}", matching[0].Location?.ToString());
        return matching[0];
    }

    /// <summary>The single error at that line; the config must be withheld.</summary>
    public static Diagnostic ErrorAt(string ini, int line, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(ini, environment);
        Assert.Null(result.Config);
        return SingleAt(result, Severity.Error, line);
    }

    /// <summary>The single warning at that line; the config must still load.</summary>
    public static Diagnostic WarningAt(string ini, int line)
    {
        var result = Load(ini);
        Assert.NotNull(result.Config);
        return SingleAt(result, Severity.Warning, line);
    }

    public static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
