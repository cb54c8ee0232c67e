namespace Tend.Config;

/// <summary>
/// Reads a program's <c>stdout:</c> or <c>stderr:</c> mapping: where that stream goes on Tend's
/// console (<c>console</c>) and whether it is also written to a rotated file (<c>file</c>,
/// <c>max_size</c>, <c>backups</c>): supervisord's *_logfile, *_logfile_maxbytes and
/// *_logfile_backups in tend.yaml's words. Ranges are the validator's.
/// </summary>
internal static class LogOutputDraftReader
{
    public const string ExpectedMapping = "expected a mapping like {file: /var/log/web.log, max_size: 50MiB, backups: 10, console: none}";
    public const string ExpectedConsole = "expected stdout, stderr or none";

    public static LogOutputDraft? Read(ReadContext ctx, string streamKey, ConfigNode node)
    {
        if (node is ScalarNode { IsNull: true }) return null;
        if (node is not MappingNode map) { ctx.Invalid(streamKey, node, ExpectedMapping); return null; }

        var draft = new LogOutputDraft(streamKey, node.Location);
        foreach (var (key, value) in map.Entries)
        {
            var name = $"{streamKey}.{key.Value}";
            switch (key.Value)
            {
                case ConfigKeys.LogConsole:
                    draft.Console = ScalarReaders.String(ctx, name, value);
                    if (draft.Console is { } console && console.Value.Trim().ToLowerInvariant() is not ("stdout" or "stderr" or "none"))
                    {
                        ctx.Invalid(name, value, ExpectedConsole);
                        draft.Console = null;
                    }
                    break;
                case ConfigKeys.LogFile: draft.File = ScalarReaders.String(ctx, name, value); break;
                case ConfigKeys.LogMaxSize: draft.MaxSize = ScalarReaders.ByteSize(ctx, name, value); break;
                case ConfigKeys.LogBackups: draft.Backups = ScalarReaders.Int(ctx, name, value); break;
                default:
                    ctx.Error(key.Location, $"unknown key '{key.Value}' in '{streamKey}'", KeySuggester.Hint(key.Value, ConfigKeys.LogOutputKeys));
                    break;
            }
        }
        return draft;
    }
}
