namespace SurgicalNav.App.Server;

/// <summary>
/// Where <see cref="CaseServer"/> finds its case and where it listens. <paramref name="Port"/> 0 picks a free
/// port; <paramref name="Host"/> is an IP address or "localhost" (loopback by default, so nothing is exposed
/// on the network unless asked for, e.g. with "0.0.0.0" to reach a headset on the LAN).
/// </summary>
/// <param name="CaseDirectory">The case folder holding case.json and anatomy.glb.</param>
/// <param name="Port">TCP port; 0 lets the OS choose a free one.</param>
/// <param name="Host">Address to bind: an IP address or "localhost".</param>
public sealed record CaseServerOptions(string CaseDirectory, int Port = 8080, string Host = "127.0.0.1");
