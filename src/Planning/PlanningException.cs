namespace SurgicalNav.Planning;

/// <summary>A plan that cannot be made from the given input; the message says why and what to change.</summary>
public sealed class PlanningException(string message) : Exception(message);
