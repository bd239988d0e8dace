namespace SurgicalNav.App.Server;

/// <summary>
/// What case folder file <see cref="ArFiducials.FileName"/> holds: the AR fiducials (chosen once, then kept so every
/// registration of the case touches the same landmarks) and the latest accepted in-app registration (null until one).
/// </summary>
public sealed record ArRegistrationFile(IReadOnlyList<ArFiducial> Fiducials, ArRegistrationResult? Latest);
