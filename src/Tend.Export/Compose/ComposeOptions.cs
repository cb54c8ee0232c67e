namespace Tend.Export.Compose;

/// <summary>How programs become services: one each, or one per supervisord group (<see cref="Model.ProgramSpec.GroupName"/>).</summary>
public enum ComposeGrouping { Program, Group }

/// <summary>The options of `tend export compose`.</summary>
public sealed record ComposeOptions
{
    /// <summary>The image every service runs; null: <see cref="PlaceholderImage"/>, with a warning.</summary>
    public string? Image { get; init; }

    public ComposeGrouping GroupBy { get; init; } = ComposeGrouping.Program;

    /// <summary>"SRC:DST[:ro]" mounts added to every service, as given.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>Keep what programs shared in one container: each working directory becomes a named volume mounted in every service.</summary>
    public bool KeepVolumes { get; init; }

    public const string PlaceholderImage = "example/app-with-tend:latest";
}
