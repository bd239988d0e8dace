using SurgicalNav.Registration.Frames;

namespace SurgicalNav.App.Cases;

/// <summary>The case's frame graph as stored in case.json ("frames"), and the registration written next to it.</summary>
public static class CaseFrames
{
    /// <summary>The case's frame graph (empty when none is stored); a malformed "frames" entry is an error naming case.json.</summary>
    public static FrameGraph Load(string caseDirectory) => FromDocument(caseDirectory, CaseStore.Load(caseDirectory));

    /// <summary>The case's stored registration (case.json "registration"), null when it has none.</summary>
    public static CaseRegistration? LoadRegistration(string caseDirectory) => CaseStore.Load(caseDirectory).Registration;

    /// <summary>The frame graph of an already loaded case document.</summary>
    public static FrameGraph FromDocument(string caseDirectory, CaseDocument document)
    {
        if (document.Frames is null) return new FrameGraph();
        try
        {
            return FrameGraph.FromDocument(document.Frames);
        }
        catch (Exception e) when (e is FrameGraphException or ArgumentException)
        {
            throw new InvalidDataException($"'{Path.Combine(caseDirectory, CaseStore.CaseFile)}' has a bad \"frames\" entry ({e.Message}); " +
                                           "fix it, or remove the entry and register again with 'surgicalnav register --case'", e);
        }
    }

    /// <summary>
    /// Stores an edge (a registration or a tool calibration) in the case's frame graph, replacing an edge between the
    /// same frames, and, when given, the case's registration record; atomically rewrites case.json. The edges between
    /// the frame pairs in <paramref name="removeFirst"/> are removed before (an AR registration that moves from one
    /// frame to another replaces its old edge, so no loop forms).
    /// </summary>
    public static CaseDocument SaveEdge(string caseDirectory, FrameEdge edge, CaseRegistration? registration = null, IReadOnlyList<(string A, string B)>? removeFirst = null)
    {
        ArgumentNullException.ThrowIfNull(edge);
        CaseDocument document = CaseStore.Load(caseDirectory);
        FrameGraph graph = FromDocument(caseDirectory, document);
        try
        {
            foreach ((string a, string b) in removeFirst ?? []) graph.Remove(a, b);
            graph.Set(edge);
        }
        catch (FrameGraphException e)
        {
            throw new InvalidDataException($"cannot store {edge.From} → {edge.To} in '{caseDirectory}': {e.Message}", e);
        }
        CaseDocument updated = document with { Frames = graph.ToDocument(), Registration = registration ?? document.Registration };
        CaseStore.Save(caseDirectory, updated);
        return updated;
    }
}
