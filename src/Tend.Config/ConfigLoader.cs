using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads tend.yaml, or a supervisord.conf (see <see cref="ConfigFormatDetector"/>), into the model.
/// For YAML: Parse (YAML to a located tree) -> Read (tree to drafts, checking
/// types) -> Validate (semantic rules) -> ApplyDefaults (drafts to <see cref="TendConfig"/>).
/// Never throws for a bad file: every problem becomes a located <see cref="Diagnostic"/>, all of
/// them in one run, and the config is withheld if any is an error.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads the file at <paramref name="path"/>; locations name it as given.</summary>
    public static ConfigResult Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Failed($"configuration file '{path}' not found", "check the path, or create the file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Failed($"cannot read configuration file '{path}': {ex.Message}", "check that it is a readable file");
        }
        return LoadText(text, path, environment);
    }

    /// <summary>
    /// Loads YAML or supervisord INI text; <paramref name="fileName"/> is used in locations, as the
    /// config's source, and (for INI) as the base of relative [include] patterns.
    /// </summary>
    public static ConfigResult LoadText(string text, string fileName, IReadOnlyDictionary<string, string> environment)
    {
        if (ConfigFormatDetector.Detect(text, fileName) == ConfigFormat.SupervisordIni)
            return SupervisordConfigLoader.LoadText(text, fileName, environment, System.Environment.MachineName);

        var diagnostics = new DiagnosticBag();
        if (!YamlTreeParser.TryParse(text, fileName, diagnostics, out var root))
            return new ConfigResult(null, diagnostics.ToSortedList());

        var draft = ConfigReader.Read(root, fileName, environment, diagnostics);
        ConfigValidator.Validate(draft, diagnostics);
        var config = diagnostics.HasErrors ? null : DefaultsApplier.Apply(draft, fileName);
        return new ConfigResult(config, diagnostics.ToSortedList());
    }

    private static ConfigResult Failed(string message, string hint) =>
        new(null, [new Diagnostic(Severity.Error, null, message, hint)]);
}
