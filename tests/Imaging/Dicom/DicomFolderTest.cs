namespace SurgicalNav.Imaging.Tests.Dicom;

/// <summary>Base for DICOM tests that need a fresh temporary folder per test, removed afterwards.</summary>
public abstract class DicomFolderTest
{
    /// <summary>The test's own empty folder.</summary>
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Folder = DicomTestData.NewTempFolder();

    [TearDown]
    public void DeleteFolder() => DicomTestData.DeleteQuietly(Folder);
}
