using Tend.Config.ServiceDirs;
using Tend.Config.Supervisord;
using Tend.Model;

namespace Tend.Config;

/// <summary>
/// Reads tend.yaml, or a supervisord.conf (see <see cref="ConfigFormatDetector"/>), or a runit or
/// s6-overlay service tree (see <see cref="LoadRunitTree"/>, <see cref="LoadS6Overlay"/>), into the model.
/// For YAML: Parse (YAML to a located tree) -> Include (the included files merged in) -> Read (tree to drafts, checking
/// types) -> Validate (semantic rules) -> ApplyDefaults (drafts to <see cref="TendConfig"/>).
/// Never throws for a bad file: every problem becomes a located <see cref="Diagnostic"/>, all of
/// them in one run, and the config is withheld if any is an error.
/// </summary>
public static class ConfigLoader
{
    /// <summary>
    /// Loads the file at <paramref name="path"/>; locations name it as given. A directory is read as
    /// a runit tree when a subdirectory has a run file, else as an s6-overlay root (without a CMD).
    /// </summary>
    public static ConfigResult Load(string path, IReadOnlyDictionary<string, string> environment)
    {
        if (Directory.Exists(path))
        {
            if (RunitTreeReader.LooksLikeTree(path)) return LoadRunitTree(path);
            if (S6OverlayReader.LooksLikeRoot(path)) return LoadS6Overlay(path, null, environment);
            return Failed($"'{path}' is a directory, but neither a runit service tree nor an s6-overlay root",
                "give a configuration file, a directory of service directories (each with a run file), or a root with etc/services.d or etc/s6-overlay/s6-rc.d");
        }
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
            return Failed($"cannot read configuration file '{path}': {ErrorText.Of(ex)}", "check that it is a readable file");
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

        root = IncludeResolver.Resolve(root, fileName, diagnostics);
        var draft = ConfigReader.Read(root, fileName, environment, diagnostics);
        // An unknown crontab_dialect is reported by the reader; the file is not read in a guessed one.
        var dialectKnown = Crontab.CrontabDialects.TryParse(draft.CrontabDialect?.Value ?? "supercronic", out var dialect);
        if (draft.Crontab is { } crontab && dialectKnown)
        {
            // Relative to the YAML file it is written in, so the pair moves together (and works from any directory).
            var path = Path.Combine(Path.GetDirectoryName(crontab.Location.File) ?? "", crontab.Value);
            var jobs = Crontab.CrontabLoader.Read(path, null, crontab.Location, 1, diagnostics, dialect);
            draft = draft with { CrontabJobs = jobs ?? [] };
        }
        if (draft.CrontabDialect is { } dialectKey && draft.Crontab is null)
            diagnostics.Warning(dialectKey.Location, "crontab_dialect without crontab: there is no crontab file to read", "add 'crontab: FILE', or remove crontab_dialect");
        ConfigValidator.Validate(draft, diagnostics);
        var config = diagnostics.HasErrors ? null : DefaultsApplier.Apply(draft, fileName);
        return new ConfigResult(config, diagnostics.ToSortedList());
    }

    /// <summary>A runsvdir directory (e.g. /etc/service): one program per service directory, plus its log/ logger.</summary>
    public static ConfigResult LoadRunitTree(string dir) => RunitTreeReader.Read(dir);

    /// <summary>
    /// An s6-overlay v3 root ("/" in a container): cont-init.d, services.d, s6-rc.d and cont-finish.d
    /// under ROOT/etc, with <paramref name="cmd"/> (the argv after --, may be null) as the main
    /// program and the S6_* variables of <paramref name="environment"/>.
    /// </summary>
    public static ConfigResult LoadS6Overlay(string root, IReadOnlyList<string>? cmd, IReadOnlyDictionary<string, string> environment) =>
        S6OverlayReader.Read(root, cmd, environment);

    private static ConfigResult Failed(string message, string hint) =>
        new(null, [new Diagnostic(Severity.Error, null, message, hint)]);
}
