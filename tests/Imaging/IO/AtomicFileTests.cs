using SurgicalNav.Imaging.IO;

namespace SurgicalNav.Imaging.Tests.IO;

public class AtomicFileTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "atomic-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void WriteAllText_NewFile_WritesContentAndLeavesNoTempFile()
    {
        string path = Path.Combine(_dir, "case.json");

        AtomicFile.WriteAllText(path, "{\"a\":1}");

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(path), Is.EqualTo("{\"a\":1}"));
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }).AsCollection);
        });
    }

    [Test]
    public void Write_ExistingFile_IsReplacedAndNoTempFileLeft()
    {
        string path = Path.Combine(_dir, "volume.bin");
        File.WriteAllBytes(path, new byte[1000]);

        AtomicFile.Write(path, s => s.Write([1, 2, 3]));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }).AsCollection);
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }).AsCollection);
        });
    }

    [Test]
    public void Write_WriterThrows_KeepsOldFileAndLeavesNoTempFile()
    {
        string path = Path.Combine(_dir, "volume.bin");
        File.WriteAllBytes(path, [9, 9]);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write([1, 2, 3]);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 9, 9 }).AsCollection);
            Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { path }).AsCollection);
        });
    }

    [Test]
    public void Write_MissingDirectory_IsCreated()
    {
        string path = Path.Combine(_dir, "a", "b", "out.txt");

        AtomicFile.WriteAllText(path, "ok");

        Assert.That(File.ReadAllText(path), Is.EqualTo("ok"));
    }
}
