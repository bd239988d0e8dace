using System.Text.Json.Nodes;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// One validated client message of a classroom. <paramref name="Kind"/> is "camera", "pointer", "visibility",
/// "clipping", "labels", "placement" (shared state, rebuilt field by field in <paramref name="State"/>, never the raw bytes),
/// "control" (hand control to participant <paramref name="ControlTo"/>) or "ping" (echo <paramref name="PingT"/>).
/// </summary>
public sealed record ClassroomCommand(string Kind, JsonObject? State, long? ControlTo, double? PingT);
