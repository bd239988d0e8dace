namespace SurgicalNav.Registration;

/// <summary>Input a registration or calibration cannot use (too few, collinear or non-finite points, mismatched counts); the message says what to do.</summary>
public sealed class RegistrationException(string message) : ArgumentException(message);
