namespace Tend.Config.Supervisord;

/// <summary>
/// Reads a supervisord.conf and the files its [include] files= names into one document.
/// files= is a space-separated list of globs relative to the including file's directory; it may
/// use %(here)s, %(host_node_name)s and %(ENV_X)s. Matches are read in sorted order, each merged
/// over what came before, as supervisord does.
/// One difference: supervisord reads [include] in the main file only and silently drops one in an
/// included file. Tend follows it (a conf.d file that includes its own fragments works) and says,
/// in a warning, that real supervisord would not; a file already read is not read again.
/// </summary>
internal sealed class IncludeReader(IReadOnlyDictionary<string, object> fileNames, DiagnosticBag diagnostics)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly IniDocument _document = new();

    public IniDocument ReadAll(string text, string file)
    {
        Read(text, file, nested: false);
        return _document;
    }

    private void Read(string text, string file, bool nested)
    {
        if (!file.Contains('\0')) _read.Add(Path.GetFullPath(file));
        var own = IniLexer.Read(text, file, diagnostics);
        _document.MergeFrom(own, SupervisordKeys.IncludeSection, diagnostics);
        if (own.Find(SupervisordKeys.IncludeSection) is not { } include) return;

        var v = new SectionValues(include, fileNames, diagnostics);
        var files = v.String("files");
        v.ReportUnknownKeys(SupervisordKeys.Include);
        if (files is null)
        {
            if (include.Get("files") is null)
                v.Error(include.Location, "[include] has no files", "add files=, e.g. files=conf.d/*.conf");
            return;
        }
        var at = include.Get("files")!;
        if (nested)
        {
            v.Warning(at.Location, "[include] in an included file is followed by Tend, but ignored by supervisord",
                "to keep the file working under supervisord, list every file in the main file's [include]");
        }
        var directory = at.Here;
        foreach (var pattern in files.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.GetFullPath(Path.Combine(directory, pattern));
            var matches = IniGlob.Expand(full);
            if (matches.Count == 0)
                v.Warning(at.Location, $"no file matches the include pattern '{full}'", "check the pattern; it is relative to the including file's directory");
            foreach (var match in matches.Where(m => !_read.Contains(m)))
                ReadIncluded(match, at);
        }
    }

    private void ReadIncluded(string path, IniEntry at)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(at.Location, $"cannot read included file '{path}': {Model.ErrorText.Of(ex)}", "check that it is a readable file");
            return;
        }
        Read(text, path, nested: true);
    }
}
