namespace SurgicalNav.Imaging.Phantom;

/// <summary>A generated phantom: the CT in HU, its ground-truth labels on the same grid, and the truth record.</summary>
public sealed record PhantomResult(Volume<short> Hounsfield, Volume<byte> Labels, PhantomTruth Truth);
