using Tend.Config;
using Tend.Model;

namespace Tend.UnitTests.Config;

/// <summary>Shared helpers: load YAML as "tend.yaml" and find diagnostics by exact location.</summary>
internal static class ConfigTestSupport
{
    public const string File = "tend.yaml";

    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public static ConfigResult Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigLoader.LoadText(yaml, File, environment ?? NoEnvironment);

    /// <summary>Loads a file that must have no errors and exactly one program, and returns it.</summary>
    public static ProgramSpec LoadSingle(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = Load(yaml, environment);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Config);
        return Assert.Single(result.Config.Programs);
    }

    /// <summary>The only diagnostic of <paramref name="severity"/>, which must be at "line:column".</summary>
    public static Diagnostic SingleAt(ConfigResult result, Severity severity, string lineColumn)
    {
        var matching = result.Diagnostics.Where(d => d.Severity == severity).ToList();
        Assert.True(matching.Count == 1, $"expected one {severity}, got:\n{string.Join("\n", result.Diagnostics)}");
        Assert.Equal($"{File}:{lineColumn}", matching[0].Location?.ToString());
        return matching[0];
    }

    /// <summary>The single error, at "line:column"; also checks the config was withheld.</summary>
    public static Diagnostic SingleErrorAt(ConfigResult result, string lineColumn)
    {
        Assert.Null(result.Config);
        return SingleAt(result, Severity.Error, lineColumn);
    }

    public static Dictionary<string, string> Env(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}
