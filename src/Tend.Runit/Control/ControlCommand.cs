namespace Tend.Runit.Control;

/// <summary>
/// The bytes runsv accepts on supervise/control; each value is its byte. There is no 'e':
/// sv's "exit" sends 'x'.
/// </summary>
public enum ControlCommand : byte
{
    /// <summary>Want up; start if down; restart whenever it stops.</summary>
    Up = (byte)'u',
    /// <summary>Want down; if running, TERM then CONT (./finish runs); no restart.</summary>
    Down = (byte)'d',
    /// <summary>Start if down, but want down: it is not restarted when it stops.</summary>
    Once = (byte)'o',
    /// <summary>STOP if running; the paused flag is set either way.</summary>
    Pause = (byte)'p',
    /// <summary>CONT if running; the paused flag is cleared either way.</summary>
    Continue = (byte)'c',
    Hangup = (byte)'h',
    Alarm = (byte)'a',
    Interrupt = (byte)'i',
    Quit = (byte)'q',
    User1 = (byte)'1',
    User2 = (byte)'2',
    /// <summary>TERM if running (plus CONT and the down/exit hook when down or exit is wanted).</summary>
    Terminate = (byte)'t',
    Kill = (byte)'k',
    /// <summary>Want exit: stop like 'd', then stop supervising once down. Ignored by a log service.</summary>
    Exit = (byte)'x',
}

public static class ControlCommands
{
    /// <summary>Maps a control byte; false for bytes runsv ignores.</summary>
    public static bool TryParse(byte value, out ControlCommand command)
    {
        command = (ControlCommand)value;
        return value is (byte)'u' or (byte)'d' or (byte)'o' or (byte)'p' or (byte)'c' or (byte)'h' or (byte)'a'
            or (byte)'i' or (byte)'q' or (byte)'1' or (byte)'2' or (byte)'t' or (byte)'k' or (byte)'x';
    }

    /// <summary>The command's byte, which is also the name of its hook, <c>control/&lt;c&gt;</c>.</summary>
    public static char Letter(this ControlCommand command) => (char)(byte)command;
}
