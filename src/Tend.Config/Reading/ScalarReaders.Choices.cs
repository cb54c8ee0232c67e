using Tend.Model;

namespace Tend.Config;

/// <summary>
/// The settings whose value is one of a few words, each with the synonyms (other tools' words, common
/// guesses) that get a precise "did you mean" instead of only the list.
/// </summary>
internal static partial class ScalarReaders
{
    private static readonly IReadOnlyList<(string Name, RestartPolicy Value)> RestartPolicies =
        [("always", RestartPolicy.Always), ("on-failure", RestartPolicy.OnFailure), ("never", RestartPolicy.Never)];

    private static readonly IReadOnlyDictionary<string, string> RestartSynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["no"] = "never", ["false"] = "never", ["off"] = "never",
        ["unless-stopped"] = "always", ["true"] = "always", ["yes"] = "always",
    };

    public static Located<RestartPolicy>? Restart(ReadContext ctx, string key, ConfigNode node) =>
        Choice(ctx, key, node, RestartPolicies, RestartSynonyms);

    private static readonly IReadOnlyList<(string Name, DependencyCondition Value)> Conditions =
    [
        ("started", DependencyCondition.Started), ("ready", DependencyCondition.Ready),
        ("healthy", DependencyCondition.Healthy), ("completed_successfully", DependencyCondition.CompletedSuccessfully),
    ];

    /// <summary>docker compose's names, and other likely words, for the hint.</summary>
    private static readonly IReadOnlyDictionary<string, string> ConditionSynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["service_started"] = "started", ["service_healthy"] = "healthy",
        ["service_completed_successfully"] = "completed_successfully",
        ["running"] = "started", ["completed"] = "completed_successfully", ["success"] = "completed_successfully",
        ["succeeded"] = "completed_successfully", ["exited"] = "completed_successfully", ["live"] = "healthy",
    };

    public static string ExpectedCondition => Expected(Conditions);

    public static Located<DependencyCondition>? Condition(ReadContext ctx, string key, ConfigNode node) =>
        Choice(ctx, key, node, Conditions, ConditionSynonyms);

    /// <summary>The word for a condition, as written in tend.yaml.</summary>
    public static string ConditionName(DependencyCondition condition) => Conditions.First(c => c.Value == condition).Name;

    private static readonly IReadOnlyList<(string Name, OnDependencyFailure Value)> DependencyFailureActions =
        [("wait", Model.OnDependencyFailure.Wait), ("stop", Model.OnDependencyFailure.Stop)];

    private static readonly IReadOnlyDictionary<string, string> DependencyFailureSynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["continue"] = "wait", ["ignore"] = "wait", ["retry"] = "wait",
        ["fail"] = "stop", ["exit"] = "stop", ["abort"] = "stop", ["kill"] = "stop",
    };

    public static Located<OnDependencyFailure>? OnDependencyFailure(ReadContext ctx, string key, ConfigNode node) =>
        Choice(ctx, key, node, DependencyFailureActions, DependencyFailureSynonyms);

    /// <summary><c>health: include | ignore</c>, read as whether the program counts for health.</summary>
    private static readonly IReadOnlyList<(string Name, bool Value)> HealthChoices = [("include", true), ("ignore", false)];

    private static readonly IReadOnlyDictionary<string, string> HealthSynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["true"] = "include", ["yes"] = "include", ["on"] = "include", ["included"] = "include",
        ["false"] = "ignore", ["no"] = "ignore", ["off"] = "ignore", ["exclude"] = "ignore", ["excluded"] = "ignore",
        ["ignored"] = "ignore", ["skip"] = "ignore",
    };

    public static Located<bool>? Health(ReadContext ctx, string key, ConfigNode node) =>
        Choice(ctx, key, node, HealthChoices, HealthSynonyms);

    /// <summary><c>notify: systemd | none</c>: whether the program gets a NOTIFY_SOCKET and is ready on READY=1.</summary>
    private static readonly IReadOnlyList<(string Name, bool Value)> NotifyChoices = [("systemd", true), ("none", false)];

    private static readonly IReadOnlyDictionary<string, string> NotifySynonyms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sd_notify"] = "systemd", ["sd-notify"] = "systemd", ["notify"] = "systemd", ["off"] = "none", ["no"] = "none", ["false"] = "none",
    };

    public static Located<bool>? Notify(ReadContext ctx, string key, ConfigNode node) =>
        Choice(ctx, key, node, NotifyChoices, NotifySynonyms);
}
