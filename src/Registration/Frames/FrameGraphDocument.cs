namespace SurgicalNav.Registration.Frames;

/// <summary>The saved form of a <see cref="FrameGraph"/> as it sits in case.json: frame names and edges.</summary>
public sealed record FrameGraphDocument(IReadOnlyList<string> Frames, IReadOnlyList<FrameEdge> Edges);
