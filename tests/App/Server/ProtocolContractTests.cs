using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using SurgicalNav.App.Cases;
using SurgicalNav.App.Guidance;
using SurgicalNav.App.Server;
using SurgicalNav.App.Server.Ar;
using SurgicalNav.Planning;
using SurgicalNav.Planning.Picking;
using SurgicalNav.Segmentation.Rays;

namespace SurgicalNav.App.Tests.Server;

/// <summary>The web client's protocol.ts must name every property the server's JSON contract carries.</summary>
public sealed partial class ProtocolContractTests
{
    private static readonly Type[] ContractTypes =
        [
            typeof(CaseDocument), typeof(VolumeInfo), typeof(SegmentSummary), typeof(Plan), typeof(PlanTarget), typeof(Trajectory),
            typeof(PathRequest), typeof(GuidanceMessage), typeof(RegistrationStatus), typeof(GuidanceStats), typeof(OverlayError),
            typeof(ArFiducial), typeof(ArRegistrationResult), typeof(ControllerTipCalibration), typeof(PointerTouch),
            typeof(PointerRegistrationResult), typeof(ArTrackerState), typeof(ArState),
            typeof(RayRequest), typeof(RayTarget), typeof(SegmentCrossing),
        ];

    [TestCaseSource(nameof(ContractTypes))]
    public void ProtocolTs_ContractRecord_DeclaresEveryCamelCasedProperty(Type record)
    {
        var interfaces = ParseInterfaces(File.ReadAllText(ProtocolPath()));
        Assert.That(interfaces.ContainsKey(record.Name), Is.True,
            $"protocol.ts has no `export interface {record.Name}`; add it to mirror the C# record");

        var tsProperties = interfaces[record.Name];
        var missing = record.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Where(name => !tsProperties.Contains(name))
            .ToList();
        Assert.That(missing, Is.Empty, $"protocol.ts interface {record.Name} lacks properties of the C# record");
    }

    private static Dictionary<string, HashSet<string>> ParseInterfaces(string source)
    {
        var result = new Dictionary<string, HashSet<string>>();
        foreach (Match match in InterfacePattern().Matches(source))
        {
            var names = PropertyPattern().Matches(match.Groups["body"].Value).Select(m => m.Groups["name"].Value);
            result[match.Groups["name"].Value] = names.ToHashSet(StringComparer.Ordinal);
        }
        return result;
    }

    private static string ProtocolPath() => RepositoryFile("src", "Rendering", "web", "src", "net", "protocol.ts");

    /// <summary>A file of the repository this test runs in, by its path below the root; fails the test when it is missing.</summary>
    internal static string RepositoryFile(params string[] parts)
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine([dir.FullName, .. parts]);
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"{string.Join('/', parts)} not found above {TestContext.CurrentContext.TestDirectory}");
        return "";
    }

    [GeneratedRegex(@"export\s+interface\s+(?<name>\w+)\s*\{(?<body>[^}]*)\}", RegexOptions.Singleline)]
    private static partial Regex InterfacePattern();

    [GeneratedRegex(@"^\s*(?:readonly\s+)?(?<name>\w+)\??\s*:", RegexOptions.Multiline)]
    private static partial Regex PropertyPattern();
}
