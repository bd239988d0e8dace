using System.Text.RegularExpressions;
using SurgicalNav.App.Server.Classroom;

namespace SurgicalNav.App.Tests.Server.Classroom;

/// <summary>The web client's classroomProtocol.ts must offer exactly the message types and fields the server accepts.</summary>
public sealed partial class ClassroomProtocolContractTests
{
    [Test]
    public void ClassroomProtocolTs_Outgoing_MirrorsEveryTypeAndFieldTheServerAccepts()
    {
        string source = File.ReadAllText(ProtocolPath());
        Match union = OutgoingPattern().Match(source);
        Assert.That(union.Success, Is.True, "classroomProtocol.ts has no `export type ClassroomOutgoing = ...;`");
        var client = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (Match member in MemberPattern().Matches(union.Groups["body"].Value))
        {
            client[member.Groups["type"].Value] = [.. FieldPattern().Matches(member.Groups["fields"].Value)
                .Select(f => f.Groups["name"].Value).Where(n => n is not "type" and not "t")];
        }
        Assert.That(client.Keys, Is.EquivalentTo(ClassroomMessages.FieldsByType.Keys), "message types in ClassroomOutgoing");
        foreach ((string type, IReadOnlyList<string> fields) in ClassroomMessages.FieldsByType)
            Assert.That(client[type], Is.EquivalentTo(fields), $"fields of '{type}' in ClassroomOutgoing");
    }

    [Test]
    public void ClassroomProtocolTs_StateKinds_AreTheSharedTypes()
    {
        Match kinds = StateKindsPattern().Match(File.ReadAllText(ProtocolPath()));
        Assert.That(kinds.Success, Is.True, "classroomProtocol.ts's incoming 'state' message lists no kinds");
        string[] client = [.. Regex.Matches(kinds.Groups["kinds"].Value, "'(\\w+)'").Select(m => m.Groups[1].Value)];
        Assert.That(client, Is.EquivalentTo(ClassroomMessages.FieldsByType.Keys.Where(k => k is not "control" and not "ping")));
    }

    private static string ProtocolPath() => ProtocolContractTests.RepositoryFile("src", "Rendering", "web", "src", "classroom", "classroomProtocol.ts");

    [GeneratedRegex(@"export\s+type\s+ClassroomOutgoing\s*=(?<body>.*?);\s*\n\s*\n", RegexOptions.Singleline)]
    private static partial Regex OutgoingPattern();

    [GeneratedRegex(@"\{\s*type:\s*'(?<type>\w+)'(?<fields>[^}]*)\}")]
    private static partial Regex MemberPattern();

    [GeneratedRegex(@"(?<name>\w+)\??\s*:")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"type:\s*'state';\s*kind:\s*(?<kinds>[^;]+);")]
    private static partial Regex StateKindsPattern();
}
