namespace SurgicalNav.App.Cli;

/// <summary>A command line that cannot be run as written; the message says what to type instead. Exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
