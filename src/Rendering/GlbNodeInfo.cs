namespace SurgicalNav.Rendering;

/// <summary>One glTF node as read back: its name, its primitives (empty when it has no mesh) and its raw extras JSON.</summary>
public sealed record GlbNodeInfo(string Name, IReadOnlyList<GlbPrimitiveInfo> Primitives, string? ExtrasJson);
