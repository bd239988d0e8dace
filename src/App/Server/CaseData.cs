using System.Collections.Concurrent;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.Nrrd;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Server;

/// <summary>
/// The served case's heavy data, loaded on first use and kept: the CT (volume.nrrd, HU), the label map
/// (labels.seg.nrrd), their downsampled pyramids and the trajectory planner with its distance maps. Only the
/// fixed file names of <see cref="CaseStore"/> are read, so no request can name another file.
/// </summary>
public sealed class CaseData
{
    private readonly Lazy<Volume<short>> _ct;
    private readonly Lazy<LabelMap> _labels;
    private readonly Lazy<TrajectoryPlanner> _planner;
    private readonly ConcurrentDictionary<int, Lazy<Volume<short>>> _ctLevels = new();
    private readonly ConcurrentDictionary<int, Lazy<Volume<byte>>> _labelLevels = new();
    private readonly object _planLock = new();
    private ChosenPath _chosen = new(DateTime.MinValue, null);

    private sealed record ChosenPath(DateTime WrittenUtc, Trajectory? Path);

    /// <summary>Binds to a case folder; nothing is read until asked for.</summary>
    public CaseData(string caseDirectory)
    {
        CaseDirectory = caseDirectory;
        _ct = new(() => NrrdFile.Read<short>(Existing(CaseStore.VolumeFile)).Volume);
        _labels = new(() => SegNrrd.Read(Existing(CaseStore.LabelsFile)));
        _planner = new(() => new TrajectoryPlanner(_labels.Value));
    }

    /// <summary>The case folder, full path.</summary>
    public string CaseDirectory { get; }

    /// <summary>The CT in HU, downsampled by 2^level (level 0 is the original grid).</summary>
    public Volume<short> Ct(int level) =>
        level == 0 ? _ct.Value : _ctLevels.GetOrAdd(level, l => new(() => VolumePyramid.MeanDown(_ct.Value, 1 << l))).Value;

    /// <summary>The label values, downsampled by 2^level (level 0 is the original grid).</summary>
    public Volume<byte> Labels(int level) =>
        level == 0 ? _labels.Value.Labels : _labelLevels.GetOrAdd(level, l => new(() => VolumePyramid.NearestDown(_labels.Value.Labels, 1 << l))).Value;

    /// <summary>The label map with its segment table.</summary>
    public LabelMap LabelMap => _labels.Value;

    /// <summary>The planner over this case's label map (distance maps are built on first use, seconds on a full CT).</summary>
    public TrajectoryPlanner Planner => _planner.Value;

    /// <summary>Reads case.json.</summary>
    public CaseDocument Document() => CaseStore.Load(CaseDirectory);

    /// <summary>Reads, changes and atomically rewrites case.json under a lock, so two accepts cannot interleave.</summary>
    public CaseDocument Update(Func<CaseDocument, CaseDocument> change)
    {
        lock (_planLock)
        {
            CaseDocument updated = change(Document());
            CaseStore.Save(CaseDirectory, updated);
            return updated;
        }
    }

    /// <summary>
    /// The plan's chosen (first) trajectory, for the guidance loop that asks per tracker sample: case.json is
    /// parsed again only when its write time changes. Null when there is no plan or case.json is unreadable.
    /// </summary>
    public Trajectory? ChosenTrajectory()
    {
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(CaseDirectory, CaseStore.CaseFile));
        var cached = Volatile.Read(ref _chosen);
        if (cached.WrittenUtc == written) return cached.Path;
        Trajectory? best;
        try
        {
            best = Document().Plan?.Trajectories.FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            best = null; // being replaced or broken: nothing to guide along until it is readable
        }
        Volatile.Write(ref _chosen, new ChosenPath(written, best));
        return best;
    }

    private string Existing(string fileName)
    {
        string path = Path.Combine(CaseDirectory, fileName);
        if (!File.Exists(path)) throw new CaseNotFoundException(CaseDirectory, $"the case has no {fileName}");
        return path;
    }
}
