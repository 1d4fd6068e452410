using System.Runtime.InteropServices;

namespace CnpgDrTemporal.Activities.Data.Prefetch;

/// <summary>
/// Download threads run at a lower priority (nice 10) than the server they feed: when the cores are
/// busy the replay goes first and the read-ahead fills the gaps, instead of both slowing down. Raising
/// a priority needs privileges; lowering one's own does not. Elsewhere than Linux it does nothing.
/// </summary>
internal static partial class ReplayFirst
{
    private const int PrioProcess = 0;
    private const int Nice = 10;

    public static void LowerThisThread()
    {
        if (OperatingSystem.IsLinux())
        {
            // On Linux a thread id names the thread alone for setpriority; a failure just leaves the priority as it was.
            _ = SetPriority(PrioProcess, GetTid(), Nice);
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
