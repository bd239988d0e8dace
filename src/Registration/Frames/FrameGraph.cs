using System.Text.Json;
using SurgicalNav.Imaging.Json;

namespace SurgicalNav.Registration.Frames;

/// <summary>
/// Named coordinate frames joined by timestamped rigid transforms, kept as a forest (no loops) so any "A to
/// B" has exactly one answer. Thread-safe: the tracker thread sets edges while guidance resolves poses.
/// </summary>
public sealed class FrameGraph
{
    private readonly object _gate = new();
    private readonly List<string> _frames = [];
    private readonly Dictionary<string, List<FrameEdge>> _adjacent = new(StringComparer.Ordinal);

    /// <summary>Every frame named so far, in the order they were added.</summary>
    public IReadOnlyList<string> Frames
    {
        get { lock (_gate) return _frames.ToArray(); }
    }

    /// <summary>Every stored edge, each once, in the direction it was set.</summary>
    public IReadOnlyList<FrameEdge> Edges
    {
        get { lock (_gate) return _adjacent.Values.SelectMany(l => l).Distinct().ToArray(); }
    }

    /// <summary>Adds a frame with no edges (idempotent).</summary>
    public void AddFrame(string name)
    {
        CheckName(name);
        lock (_gate) AddFrameLocked(name);
    }

    /// <summary>
    /// Stores or replaces the transform from one frame to another (points in <paramref name="from"/> mapped
    /// into <paramref name="to"/>, mm) measured at <paramref name="timestampNs"/>. Replacing an edge between the
    /// same two frames (either direction) is how a tracker updates a pose. A new edge between two frames
    /// already joined by another path would make a loop and is refused.
    /// </summary>
    public void Set(string from, string to, RigidTransform fromToTo, long timestampNs, bool valid = true, bool isStatic = false) =>
        Set(new FrameEdge(from, to, fromToTo, timestampNs, valid, isStatic));

    /// <summary>Stores or replaces one edge; see <see cref="Set(string, string, RigidTransform, long, bool, bool)"/>.</summary>
    public void Set(FrameEdge edge)
    {
        ArgumentNullException.ThrowIfNull(edge);
        CheckName(edge.From);
        CheckName(edge.To);
        if (edge.From == edge.To) throw new FrameGraphException($"an edge from frame '{edge.From}' to itself is not allowed; the identity needs no edge");
        lock (_gate)
        {
            AddFrameLocked(edge.From);
            AddFrameLocked(edge.To);
            List<FrameEdge> fromList = _adjacent[edge.From], toList = _adjacent[edge.To];
            int existing = -1;
            for (int i = 0; i < fromList.Count && existing < 0; i++) if (Joins(fromList[i], edge.From, edge.To)) existing = i;
            if (existing >= 0)
            {
                FrameEdge old = fromList[existing];
                fromList[existing] = edge;
                toList[toList.IndexOf(old)] = edge;
                return;
            }
            List<string>? path = FindPathLocked(edge.From, edge.To);
            if (path is not null)
            {
                throw new FrameGraphException($"an edge {edge.From} → {edge.To} would close a loop: they are already joined through {string.Join(" → ", path)}. " +
                                              "Remove one edge on that path first, or ask Resolve for the transform instead of storing it.");
            }
            fromList.Add(edge);
            toList.Add(edge);
        }
    }

    /// <summary>Removes the edge between two frames (either direction); returns false when there was none.</summary>
    public bool Remove(string a, string b)
    {
        lock (_gate)
        {
            if (!_adjacent.TryGetValue(a, out List<FrameEdge>? list)) return false;
            FrameEdge? edge = list.Find(e => Joins(e, a, b));
            if (edge is null) return false;
            _adjacent[a].Remove(edge);
            _adjacent[b].Remove(edge);
            return true;
        }
    }

    /// <summary>Marks the edge between two frames valid or invalid (for example a tool reported missing) without changing its transform.</summary>
    public void SetValidity(string a, string b, bool valid)
    {
        lock (_gate)
        {
            FrameEdge edge = (_adjacent.TryGetValue(a, out List<FrameEdge>? list) ? list.Find(e => Joins(e, a, b)) : null)
                ?? throw new FrameGraphException($"there is no edge between '{a}' and '{b}' to mark {(valid ? "valid" : "invalid")}");
            FrameEdge updated = edge with { Valid = valid };
            _adjacent[edge.From][_adjacent[edge.From].IndexOf(edge)] = updated;
            _adjacent[edge.To][_adjacent[edge.To].IndexOf(edge)] = updated;
        }
    }

    /// <summary>
    /// The transform mapping points in <paramref name="from"/> into <paramref name="to"/> (mm), composed along
    /// the one path between them, with validity from the edges' flags only (no age check).
    /// </summary>
    public FrameResolution Resolve(string from, string to) => Resolve(from, to, nowNs: 0, maxAgeNs: long.MaxValue);

    /// <summary>
    /// The transform mapping points in <paramref name="from"/> into <paramref name="to"/> (mm). It is valid when
    /// every edge on the path is valid and no non-static edge is older than <paramref name="maxAgeNs"/> at time
    /// <paramref name="nowNs"/> (tracker clock, ns). Throws <see cref="FrameGraphException"/> for an unknown
    /// frame or when no path joins the two.
    /// </summary>
    public FrameResolution Resolve(string from, string to, long nowNs, long maxAgeNs)
    {
        lock (_gate)
        {
            if (!_adjacent.ContainsKey(from)) throw UnknownFrame(from);
            if (!_adjacent.ContainsKey(to)) throw UnknownFrame(to);
            if (from == to) return new FrameResolution(RigidTransform.Identity, null, true, null, [from]);
            List<FrameEdge> edges = FindEdgePathLocked(from, to)
                ?? throw new FrameGraphException($"no chain of transforms joins '{from}' to '{to}'; {from} is joined to [{string.Join(", ", ComponentLocked(from))}]. " +
                                                 "Add the missing registration or tracked tool first.");
            RigidTransform total = RigidTransform.Identity;
            long? oldest = null;
            string? reason = null;
            var path = new List<string> { from };
            string at = from;
            foreach (FrameEdge e in edges)
            {
                bool forward = e.From == at;
                total = (forward ? e.FromToTo : e.FromToTo.Inverse()) * total;
                at = forward ? e.To : e.From;
                path.Add(at);
                if (!e.Valid) reason ??= $"edge {e.From} → {e.To} is marked invalid (tool not seen)";
                if (e.Static) continue;
                oldest = oldest is null ? e.TimestampNs : Math.Min(oldest.Value, e.TimestampNs);
                if (maxAgeNs != long.MaxValue && nowNs - e.TimestampNs > maxAgeNs)
                {
                    reason ??= $"edge {e.From} → {e.To} is {(nowNs - e.TimestampNs) / 1e6:0.#} ms old, more than the allowed {maxAgeNs / 1e6:0.#} ms";
                }
            }
            return new FrameResolution(total, oldest, reason is null, reason, path);
        }
    }

    /// <summary>The graph as a document to store in the case.</summary>
    public FrameGraphDocument ToDocument()
    {
        lock (_gate) return new FrameGraphDocument(_frames.ToArray(), Edges);
    }

    /// <summary>Rebuilds a graph from a stored document; a document with a loop or a bad edge is refused with the reason.</summary>
    public static FrameGraph FromDocument(FrameGraphDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var graph = new FrameGraph();
        foreach (string f in document.Frames ?? []) graph.AddFrame(f);
        int index = 0;
        foreach (FrameEdge? e in document.Edges ?? [])
        {
            index++;
            if (e is null || string.IsNullOrWhiteSpace(e.From) || string.IsNullOrWhiteSpace(e.To))
            {
                throw new FrameGraphException($"frame graph edge {index} has no 'from' or 'to' frame name; each edge needs from, to and fromToTo (16 numbers, row-major)");
            }
            if (!(e.FromToTo.Scale > 0) || !(Math.Abs(e.FromToTo.Rotation.Determinant - 1) < 1e-6))
            {
                throw new FrameGraphException($"frame graph edge {index} ({e.From} → {e.To}) has no valid 'fromToTo' transform; give a rigid 4x4 matrix as 16 numbers, row-major (mm)");
            }
            if (e.TimestampNs < 0) throw new FrameGraphException($"frame graph edge {index} ({e.From} → {e.To}) has a negative timestampNs {e.TimestampNs}; use ns since the Unix epoch");
            graph.Set(e);
        }
        return graph;
    }

    /// <summary>The graph as indented JSON (NavJson), transforms as 16 numbers row-major.</summary>
    public string ToJson() => JsonSerializer.Serialize(ToDocument(), NavJson.Options);

    /// <summary>Reads a graph written by <see cref="ToJson"/>; throws <see cref="JsonException"/> or <see cref="FrameGraphException"/> naming the problem.</summary>
    public static FrameGraph FromJson(string json) =>
        FromDocument(JsonSerializer.Deserialize<FrameGraphDocument>(json, NavJson.Options) ?? throw new JsonException("the frame graph JSON is null; expected {\"frames\": [...], \"edges\": [...]}"));

    private static bool Joins(FrameEdge e, string a, string b) => (e.From == a && e.To == b) || (e.From == b && e.To == a);

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a frame name must not be empty", nameof(name));
    }

    private FrameGraphException UnknownFrame(string name) =>
        new($"unknown frame '{name}'; known frames are [{string.Join(", ", _frames)}]");

    private void AddFrameLocked(string name)
    {
        if (_adjacent.ContainsKey(name)) return;
        _adjacent[name] = [];
        _frames.Add(name);
    }

    private List<string>? FindPathLocked(string from, string to)
    {
        List<FrameEdge>? edges = FindEdgePathLocked(from, to);
        if (edges is null) return null;
        var path = new List<string> { from };
        foreach (FrameEdge e in edges) path.Add(e.From == path[^1] ? e.To : e.From);
        return path;
    }

    /// <summary>Breadth-first search; in a forest the path found is the only one.</summary>
    private List<FrameEdge>? FindEdgePathLocked(string from, string to)
    {
        var via = new Dictionary<string, FrameEdge?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>();
        queue.Enqueue(from);
        while (queue.Count > 0)
        {
            string at = queue.Dequeue();
            if (at == to) break;
            foreach (FrameEdge e in _adjacent[at])
            {
                string next = e.From == at ? e.To : e.From;
                if (via.TryAdd(next, e)) queue.Enqueue(next);
            }
        }
        if (!via.ContainsKey(to)) return null;
        var edges = new List<FrameEdge>();
        for (string at = to; at != from;)
        {
            FrameEdge e = via[at]!;
            edges.Add(e);
            at = e.From == at ? e.To : e.From;
        }
        edges.Reverse();
        return edges;
    }

    private List<string> ComponentLocked(string start)
    {
        var seen = new List<string> { start };
        for (int i = 0; i < seen.Count; i++)
        {
            foreach (FrameEdge e in _adjacent[seen[i]])
            {
                string next = e.From == seen[i] ? e.To : e.From;
                if (!seen.Contains(next)) seen.Add(next);
            }
        }
        return seen;
    }
}
