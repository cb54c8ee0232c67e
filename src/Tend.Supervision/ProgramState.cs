namespace Tend.Supervision;

/// <summary>What a program is doing; supervisord's state names, so its tools map one to one.</summary>
public enum ProgramState { Stopped, Starting, Running, Backoff, Stopping, Exited, Fatal }

/// <summary>What was asked of it. A stop request changes Want; only a reaped exit changes State.</summary>
public enum Want { Up, Down }
