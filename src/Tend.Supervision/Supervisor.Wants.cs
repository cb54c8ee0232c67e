namespace Tend.Supervision;

/// <summary>
/// Changing what is wanted of a program without starting or stopping it, for control protocols
/// whose "want" is separate from their start and stop (runit's <c>sv once</c> starts a service
/// that must not be restarted; <c>sv up</c> on a running one makes it restart when it ends).
/// Additive: the loop reads <see cref="ProgramRuntime.Want"/> at the next exit or timer.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>Sets <paramref name="p"/>'s want; call on the loop thread (through <see cref="Call{T}"/>).</summary>
    public void SetWant(ProgramRuntime p, Want want) => p.Want = want;
}
