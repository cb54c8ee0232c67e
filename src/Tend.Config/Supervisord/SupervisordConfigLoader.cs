using Tend.Model;

namespace Tend.Config.Supervisord;

/// <summary>
/// Loads a supervisord.conf: Read (the file and its includes into one document) → Read sections
/// (to programs and settings, checking every value) → the config, withheld if any error.
/// </summary>
internal static class SupervisordConfigLoader
{
    public static ConfigResult LoadText(string text, string fileName, IReadOnlyDictionary<string, string> environment, string hostName)
    {
        var diagnostics = new DiagnosticBag();
        var names = ExpansionNames.ForFile(environment, hostName);
        var document = new IncludeReader(names, diagnostics).ReadAll(text, fileName);
        var (programs, settings) = SupervisordReader.Read(document, names, new SourceLocation(fileName, 1), diagnostics);
        var config = diagnostics.HasErrors
            ? null
            : new TendConfig { Programs = programs, Source = fileName, Supervisord = settings, Layout = ConfigLayout.Supervisord };
        return new ConfigResult(config, diagnostics.ToSortedList());
    }
}
