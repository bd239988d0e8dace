using System.Text.Json;
using SurgicalNav.Imaging;
using SurgicalNav.Imaging.IO;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.App.Server.Ar;

/// <summary>
/// The skin landmarks the in-app AR registration uses: chosen automatically from the case's label map on the anterior
/// skin around the planned target (or the image centre), stored in the case folder and reused afterwards.
/// </summary>
public static class ArFiducials
{
    /// <summary>File name, inside the case folder, of the AR fiducials and latest AR registration.</summary>
    public const string FileName = "ar-registration.json";

    /// <summary>Number of landmarks chosen: 6, spread over a 2×3 grid on the anterior skin.</summary>
    public const int Count = 6;

    /// <summary>The case's stored file, or a new one with fiducials chosen from <paramref name="labels"/> (then saved).</summary>
    public static ArRegistrationFile LoadOrChoose(string caseDirectory, Volume<byte> labels, Vec3? centreMm)
    {
        if (TryLoad(caseDirectory) is { } stored) return stored;
        var chosen = new ArRegistrationFile(Choose(labels, centreMm), null);
        Save(caseDirectory, chosen);
        return chosen;
    }

    /// <summary>The case's stored file, or null when there is none (or it lists fewer than 3 fiducials); a damaged file throws <see cref="InvalidDataException"/> naming it and the fix.</summary>
    public static ArRegistrationFile? TryLoad(string caseDirectory)
    {
        string path = Path.Combine(caseDirectory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var stored = JsonSerializer.Deserialize<ArRegistrationFile>(File.ReadAllText(path), NavJson.Options);
            return stored is { Fiducials.Count: >= 3 } ? stored : null;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not an AR registration file ({e.Message}); delete it and the server chooses the fiducials again", e);
        }
    }

    /// <summary>Writes the file atomically into the case folder.</summary>
    public static void Save(string caseDirectory, ArRegistrationFile file) =>
        AtomicFile.WriteAllText(Path.Combine(caseDirectory, FileName), JsonSerializer.Serialize(file, NavJson.Options));

    /// <summary>
    /// Anterior skin points: for a 2 (inferior, superior) × 3 (right, middle, left) grid of (x, z) around the centre,
    /// the first labelled voxel met walking from the front of the image (LPS −y) backwards. Grid half-widths are 30 % of
    /// the image extent, at most 80 mm in x and 60 mm in z. Throws when fewer than 4 rays meet the body.
    /// </summary>
    public static IReadOnlyList<ArFiducial> Choose(Volume<byte> labels, Vec3? centreMm)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var g = labels.Geometry;
        (Vec3 min, Vec3 max) = g.PatientBounds();
        Vec3 c = centreMm ?? (min + max) / 2;
        double dx = Math.Min(80, 0.3 * (max.X - min.X)), dz = Math.Min(60, 0.3 * (max.Z - min.Z));
        double step = Math.Min(g.SpacingMm.X, Math.Min(g.SpacingMm.Y, g.SpacingMm.Z)) / 2;
        var found = new List<ArFiducial>();
        foreach ((string level, double z) in new[] { ("inferior", c.Z - dz), ("superior", c.Z + dz) })
        {
            foreach ((string side, double x) in new[] { ("right", c.X - dx), ("middle", c.X), ("left", c.X + dx) })
            {
                for (double y = min.Y; y <= max.Y; y += step)
                {
                    var p = new Vec3(x, y, z);
                    if (g.NearestVoxel(p) is not { } v || labels[v.X, v.Y, v.Z] == 0) continue;
                    found.Add(new ArFiducial($"skin {level} {side}", p));
                    break;
                }
            }
        }
        if (found.Count < 4)
        {
            throw new InvalidDataException($"only {found.Count} of {Count} anterior skin landmarks were found in the label map; " +
                                           "segment the body (`surgicalnav segment`) so the skin can be located, then start the server again");
        }
        return found;
    }
}
