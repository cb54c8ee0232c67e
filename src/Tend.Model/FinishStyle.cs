namespace Tend.Model;

/// <summary>Which arguments a <see cref="ProgramSpec.FinishCommand"/> receives after each exit of the program.</summary>
public enum FinishStyle
{
    /// <summary>runsv: <c>finish CODE STATUS</c>; CODE is -1 after a kill and STATUS the signal (0 after a normal exit).</summary>
    Runit,

    /// <summary>
    /// s6-supervise: <c>finish CODE SIGNAL NAME PGID</c>; CODE is 256 after a kill. A finish that exits
    /// 125 marks the program permanently failed: it is not restarted (as <c>s6-svc -O</c>).
    /// </summary>
    S6,
}
