using SurgicalNav.App.Server.Classroom;

namespace SurgicalNav.App.Tests.Server.Classroom;

public sealed class JoinCodeTests
{
    [Test]
    public void New_ManyCodes_SixCharactersWithoutLookAlikes()
    {
        for (int i = 0; i < 1000; i++)
        {
            string code = JoinCode.New();
            Assert.That(code, Has.Length.EqualTo(6));
            Assert.That(code.IndexOfAny(['I', 'L', 'O', '0', '1']), Is.EqualTo(-1), code);
        }
    }

    [TestCase("abc-def", "ABCDEF")]
    [TestCase(" x7k 9mp ", "X7K9MP")]
    [TestCase("ABCDE", null)]
    [TestCase("ABCDE0", null)]
    [TestCase("ABCDEFG", null)]
    [TestCase(null, null)]
    public void Normalize_Typed_CanonicalOrNull(string? typed, string? expected) =>
        Assert.That(JoinCode.Normalize(typed), Is.EqualTo(expected));

    [Test]
    public void Join_CodeExpired_RefusedWithReason()
    {
        DateTime now = new(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var session = new ClassroomSession(null, TimeSpan.FromMinutes(10), () => now);
        Assert.That(session.Join(session.Code, "a", out _), Is.Not.Null);
        now = now.AddMinutes(11);
        Assert.That(session.Join(session.Code, "b", out string why), Is.Null);
        Assert.That(why, Does.Contain("expired"));
    }
}
