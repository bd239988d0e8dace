using SurgicalNav.App.Cli;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.App.Commands;

/// <summary>`volumetry volume.nrrd labels.seg.nrrd [--json]`: mL per segment of a label map, checked against the volume it belongs to.</summary>
public static class VolumetryCommand
{
    /// <summary>One-line description for help.</summary>
    public const string Summary = "volumetry volume.nrrd|.nii.gz labels.seg.nrrd|.nii.gz [--json] mL per segment (label map must be on the volume's grid)";

    /// <summary>Runs the command.</summary>
    public static int Run(string[] args)
    {
        var a = new CommandArgs("volumetry", args, [], ["json"]);
        if (a.Positionals.Count != 2)
        {
            throw new UsageException($"volumetry: expected the volume (.nrrd) and its label map (.seg.nrrd), got {a.Positionals.Count} arguments");
        }
        string volumePath = a.Positionals[0], labelsPath = a.Positionals[1];
        ImageGeometry volumeGeometry = VolumeFile.ReadGeometry(volumePath);
        LabelMap labels = SegNrrd.Read(labelsPath);
        Volumetry.RequireSameGrid(labels.Geometry, volumeGeometry, labelsPath, volumePath);
        IReadOnlyList<SegmentVolume> segments = Volumetry.PerSegment(labels);
        if (a.Flag("json")) Output.Json(new { segments, volume = Path.GetFullPath(volumePath), labels = Path.GetFullPath(labelsPath) });
        else foreach (SegmentVolume s in segments) Output.Result($"{s.Name,-8} {s.Voxels,12} voxels {s.VolumeMl,10:0.0} mL");
        return 0;
    }
}
