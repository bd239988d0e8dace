namespace SurgicalNav.Rendering;

/// <summary>
/// What <see cref="GlbReader"/> found in a GLB: header version and total length in bytes, chunk lengths and
/// byte offsets within the file, and the nodes in order.
/// </summary>
public sealed record GlbInfo(
    uint Version,
    uint LengthBytes,
    int JsonChunkOffset,
    int JsonChunkLength,
    int BinChunkOffset,
    int BinChunkLength,
    string Generator,
    IReadOnlyList<GlbNodeInfo> Nodes);
