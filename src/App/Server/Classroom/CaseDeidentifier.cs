using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SurgicalNav.App.Cases;
using SurgicalNav.Planning;

namespace SurgicalNav.App.Server.Classroom;

/// <summary>
/// Removes patient identity from what a classroom sends to students, after DICOM PS3.15 Annex E (basic
/// application level confidentiality profile). The students' case is rebuilt from an allow-list: geometry,
/// segment table, plan and timings pass; the case name (often the patient's folder) and the source path are
/// replaced; UIDs are remapped to 2.25 UIDs by a keyed hash (consistent within the session, not reversible
/// without its key). Free text that passes (segment, target and trajectory names, warnings) is scrubbed of
/// dates (YYYYMMDD, YYYY-MM-DD, DD.MM.YYYY), DICOM person names (Family^Given), UIDs and every word of the
/// original case name and source path. anatomy.glb keeps its geometry; its names are scrubbed the same way and
/// all string extras and asset.copyright are dropped.
/// </summary>
public sealed partial class CaseDeidentifier
{
    /// <summary>The name students see for the case.</summary>
    public const string CaseName = "De-identified case";

    /// <summary>What the source field says for students.</summary>
    public const string SourceText = "removed (de-identified, DICOM PS3.15 basic profile)";

    private static readonly HashSet<string> GenericWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "tmp", "temp", "home", "data", "dicom", "case", "cases", "phantom", "series", "study", "studies", "surgicalnav",
        "users", "var", "mnt", "media", "root", "work", "out", "import", "export", "images", "scans", "liver", "tumor", "tumour",
    };

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly object _wordsLock = new();
    private string[] _identityWords = [];

    /// <summary>
    /// The students' copy of a case: identity removed or replaced as the class summary says. The words of
    /// <see cref="CaseDocument.Name"/> and <see cref="CaseDocument.Source"/> are learnt here and scrubbed from all
    /// free text this instance handles afterwards (the GLB included).
    /// </summary>
    public CaseDocument Case(CaseDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        Learn(doc.Name, doc.Source);
        return doc with
        {
            Name = CaseName,
            Source = SourceText,
            Volume = doc.Volume with { SeriesInstanceUid = RemapUid(doc.Volume.SeriesInstanceUid), Modality = Scrub(doc.Volume.Modality) },
            Segments = doc.Segments.Select(s => s with { Name = Scrub(s.Name) }).ToList(),
            Plan = doc.Plan is null ? null : Plan(doc.Plan),
            Device = Scrub(doc.Device),
        };
    }

    /// <summary>Remaps a DICOM UID to "2.25." and a 128-bit number derived from it with this session's key; empty stays empty.</summary>
    public string RemapUid(string uid)
    {
        if (string.IsNullOrWhiteSpace(uid)) return "";
        byte[] hash = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(uid.Trim()));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Free text with dates, person names, UIDs and the learnt identity words replaced by placeholders.</summary>
    public string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        string result = UidPattern().Replace(text, m => RemapUid(m.Value));
        result = DatePattern().Replace(result, "[date]");
        result = PersonNamePattern().Replace(result, "[name]");
        string[] words;
        lock (_wordsLock) words = _identityWords;
        foreach (string word in words)
        {
            result = Regex.Replace(result, $@"(?<![A-Za-z0-9]){Regex.Escape(word)}(?![A-Za-z0-9])", "[removed]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        return result;
    }

    private Plan Plan(Plan plan) => plan with
    {
        Targets = plan.Targets.Select(t => t with { Name = Scrub(t.Name) }).ToList(),
        Trajectories = plan.Trajectories.Select(t => t with { Name = Scrub(t.Name), Target = Scrub(t.Target), Warning = t.Warning is null ? null : Scrub(t.Warning) }).ToList(),
        Needles = plan.Needles?.Select(n => n with { Name = Scrub(n.Name), Target = Scrub(n.Target) }).ToList(),
        RequiredClearanceMm = plan.RequiredClearanceMm.ToDictionary(p => Scrub(p.Key), p => p.Value),
    };

    private void Learn(params string[] texts)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string text in texts)
        {
            foreach (string part in text.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries))
            {
                // The whole folder name, and each word of it: "DOE^JANE_4711" gives DOE^JANE_4711, DOE, JANE and 4711.
                if (part.Length >= 3 && !GenericWords.Contains(part)) words.Add(part);
                foreach (string word in WordSplit().Split(part))
                {
                    if (word.Length >= 3 && !GenericWords.Contains(word) && !IsCommonCounter(word)) words.Add(word);
                }
            }
        }
        lock (_wordsLock) _identityWords = [.. _identityWords.Union(words, StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length)];
    }

    // Short numbers such as "001" are series counters, not identifiers; IDs are longer.
    private static bool IsCommonCounter(string word) => word.Length <= 3 && word.All(char.IsAsciiDigit);

    [GeneratedRegex(@"(?<![0-9.])[0-2](\.(0|[1-9][0-9]*)){3,}(?![0-9.])")]
    private static partial Regex UidPattern();

    [GeneratedRegex(@"(?<![0-9])(19|20)[0-9]{2}(-?)(0[1-9]|1[0-2])\2(0[1-9]|[12][0-9]|3[01])(?![0-9])|(?<![0-9])(0[1-9]|[12][0-9]|3[01])[./](0[1-9]|1[0-2])[./](19|20)[0-9]{2}(?![0-9])")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"[^\s\^]*(\^[^\s\^]*)+")]
    private static partial Regex PersonNamePattern();

    [GeneratedRegex(@"[^A-Za-z0-9\u00C0-\u024F]+")]
    private static partial Regex WordSplit();
}
