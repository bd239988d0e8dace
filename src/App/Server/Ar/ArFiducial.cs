using SurgicalNav.Imaging;

namespace SurgicalNav.App.Server.Ar;

/// <summary>One fiducial the AR registration asks the user to touch: a name and its position in patient LPS mm (image frame).</summary>
public sealed record ArFiducial(string Name, Vec3 ImageMm);
