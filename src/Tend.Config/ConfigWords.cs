using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The words of tend.yaml that the writers outside this assembly (convert, export) print back, so
/// they use the reader's own spelling instead of a copy or a friend-assembly door into the readers.
/// </summary>
public static class ConfigWords
{
    /// <summary>The word for a dependency condition, as written in tend.yaml ("completed_successfully").</summary>
    public static string Condition(DependencyCondition condition) => ScalarReaders.ConditionName(condition);
}
