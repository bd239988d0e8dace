namespace SurgicalNav.Compute;

/// <summary>The requested compute backend cannot run here; the message says why and what to use instead.</summary>
public sealed class ComputeUnavailableException : Exception
{
    /// <summary>Creates the exception with a message meant for the user.</summary>
    public ComputeUnavailableException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message meant for the user and the failure underneath.</summary>
    public ComputeUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
