using System.Security.Cryptography.X509Certificates;

namespace SurgicalNav.App.Server;

/// <summary>
/// Where <see cref="CaseServer"/> finds its case and where it listens. <paramref name="Port"/> 0 picks a free
/// port; <paramref name="Host"/> is an IP address or "localhost" (loopback by default, so nothing is exposed
/// on the network unless asked for, e.g. with "0.0.0.0" to reach a headset on the LAN).
/// </summary>
/// <param name="CaseDirectory">The case folder holding case.json and anatomy.glb.</param>
/// <param name="Port">TCP port; 0 lets the OS choose a free one.</param>
/// <param name="Host">Address to bind: an IP address or "localhost".</param>
/// <param name="PairingToken">Token every /api and /ws request off this machine must carry; null makes a fresh random one.</param>
/// <param name="TrustLoopback">Whether requests from this machine (loopback) skip the token; true for the desktop view.</param>
/// <param name="Certificate">Serve HTTPS with this certificate (it must hold its private key); null serves plain HTTP.</param>
/// <param name="Tracker">An OpenIGTLink tracker to connect to, "host:port"; null runs without one.</param>
/// <param name="NeedleTool">The tracker's tool name of the needle guidance follows.</param>
/// <param name="PointerTool">The tracker's tool name of the pointer the AR registration touches fiducials with.</param>
/// <param name="TrackerLog">Where the tracker connection reports (connects, drops, bad messages); null logs them as server warnings.</param>
public sealed record CaseServerOptions(
    string CaseDirectory,
    int Port = 8080,
    string Host = "127.0.0.1",
    string? PairingToken = null,
    bool TrustLoopback = true,
    X509Certificate2? Certificate = null,
    string? Tracker = null,
    string NeedleTool = "Needle",
    string PointerTool = "Stylus",
    Action<string>? TrackerLog = null);
