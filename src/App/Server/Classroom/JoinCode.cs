using System.Security.Cryptography;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// The short code students type to join a classroom: 6 characters from an alphabet without look-alikes
/// (no I, L, O, 0 or 1), about 30 bits, read aloud or written on a board. It only opens the join step; what a
/// student then holds is a long random key.
/// </summary>
public static class JoinCode
{
    /// <summary>The characters a code is made of.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Characters in a code.</summary>
    public const int Length = 6;

    /// <summary>A fresh random code.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// The code as typed, upper-cased with spaces and dashes removed, or null when it cannot be a code (wrong
    /// length or a character outside <see cref="Alphabet"/>).
    /// </summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 32) return null;
        string code = new(typed.Where(c => c is not (' ' or '-')).Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Alphabet.Contains(c)) ? code : null;
    }

    /// <summary>A random secret of 32 URL-safe characters (about 190 bits): the teacher's and each student's key.</summary>
    public static string NewKey() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 32);
}
