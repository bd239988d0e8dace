using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>Reads what the server saved in a case folder, waiting for an accept to land.</summary>
internal static class SavedPlan
{
    /// <summary>Waits up to 15 s for case.json's chosen trajectory to end at <paramref name="target"/> (1 µm, patient LPS mm) and returns it.</summary>
    public static Trajectory WaitForTarget(string caseDirectory, Vec3 target)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Trajectory saved;
        do
        {
            Thread.Sleep(100);
            saved = CaseStore.Load(caseDirectory).Plan!.Trajectories[0];
        }
        while (Vec3.Distance(saved.TargetMm, target) > 1e-3 && DateTime.UtcNow < deadline);
        return saved;
    }
}
