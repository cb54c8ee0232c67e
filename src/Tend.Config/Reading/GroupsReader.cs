namespace Tend.Config;

/// <summary>
/// Reads the top-level <c>groups:</c> mapping, supervisord's [group:x] sections in tend.yaml:
/// each group names its member programs and may give them one priority. Which names exist and
/// whether a program is in two groups are the validator's (<see cref="GroupValidator"/>).
/// </summary>
internal static class GroupsReader
{
    private const string ExpectedGroups = "expected a mapping of group names to their settings, e.g. 'web: {programs: [nginx, php-fpm], priority: 10}'";

    public static void Read(ReadContext ctx, ConfigNode node, List<GroupDraft> groups)
    {
        if (node is ScalarNode { IsNull: true }) return;
        if (node is not MappingNode map) { ctx.Invalid(ConfigKeys.Groups, node, ExpectedGroups); return; }
        foreach (var (name, settings) in map.Entries)
        {
            if (settings is InvalidNode) continue;
            if (settings is not MappingNode m)
            {
                ctx.Error(settings.Location, $"group '{name.Value}' is {settings.KindDescription}, not a mapping of settings",
                    $"write '{name.Value}:' followed by indented settings, e.g. 'programs: [nginx, php-fpm]'");
                continue;
            }
            groups.Add(ReadGroup(ctx, name, m));
        }
    }

    private static GroupDraft ReadGroup(ReadContext ctx, ScalarNode name, MappingNode settings)
    {
        var group = new GroupDraft(name.Value, name.Location);
        foreach (var (key, value) in settings.Entries)
        {
            var k = $"{ConfigKeys.Groups}.{name.Value}.{key.Value}";
            switch (key.Value)
            {
                case ConfigKeys.GroupPrograms: group = group with { Programs = DependsOnReader.ReadNames(ctx, k, value) }; break;
                case ConfigKeys.GroupPriority: group = group with { Priority = ScalarReaders.Int(ctx, k, value) }; break;
                default:
                    ctx.Error(key.Location, $"unknown key '{key.Value}' in group '{name.Value}'", KeySuggester.Hint(key.Value, ConfigKeys.GroupKeys));
                    break;
            }
        }
        return group;
    }
}
