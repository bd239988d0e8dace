using System.Diagnostics;
using SurgicalNav.Imaging.Dicom;
using SurgicalNav.Imaging.Tests.Dicom;

namespace SurgicalNav.Imaging.Tests.Dicom.Isolation;

/// <summary>GDCM runs in a worker process: files that abort or hang it become errors naming the file, and the caller stays up.</summary>
public sealed class DicomWorkerIsolationTests : DicomFolderTest
{
    /// <summary>
    /// rtdose.dcm with the VR of its first meta element (0002,0000) at byte 136 changed from UL to SQ: the structure
    /// is intact, but GDCM fails an assertion and aborts on it (gdcmconv --raw dies with SIGABRT too).
    /// </summary>
    private string WriteSeriesWithAbortingSlice()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(16, 12, 6), Folder, DicomTestData.Info());
        byte[] bytes = File.ReadAllBytes(DicomTestData.PydicomFile("rtdose.dcm"));
        "SQ"u8.CopyTo(bytes.AsSpan(136));
        string bad = Path.Combine(Folder, "IM99999.dcm");
        File.WriteAllBytes(bad, bytes);
        return bad;
    }

    [Test]
    public async Task LoadAsync_FileThatAbortsGdcm_ErrorNamesFileAndProcessStaysUp()
    {
        string bad = WriteSeriesWithAbortingSlice();

        var ex = Assert.ThrowsAsync<DicomImportException>(() => DicomSeries.LoadAsync(Folder));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Kind, Is.EqualTo(DicomFailureKind.DecoderCrashed), ex.Message);
            Assert.That(ex.FilePath, Is.EqualTo(bad));
            Assert.That(ex.Message, Does.Contain("IM99999.dcm").And.Contain("crashed").And.Contain("SIGABRT"));
        });
        // The test host survived; the next import gets a fresh worker and succeeds.
        File.Delete(bad);
        DicomSeriesResult again = await DicomSeries.LoadAsync(Folder);
        Assert.That(again.Volume.Dimensions, Is.EqualTo(new Int3(16, 12, 6)));
    }

    [Test]
    public async Task LoadAsync_AbortingFileWithSkipUnreadable_LoadsTheRestAndWarns()
    {
        WriteSeriesWithAbortingSlice();

        DicomSeriesResult result = await DicomSeries.LoadAsync(Folder, new DicomLoadOptions { SkipUnreadableFiles = true });

        Assert.Multiple(() =>
        {
            Assert.That(result.FileCount, Is.EqualTo(6));
            Assert.That(result.Volume.Data, Is.EqualTo(DicomTestData.GradientCt(16, 12, 6).Data));
            Assert.That(result.Warnings, Has.Some.Contain("IM99999.dcm").And.Some.Contain("crashed"));
        });
    }

    [Test]
    public void LoadAsync_FifoThatNeverDelivers_TimesOutNamingIt()
    {
        string fifo = Path.Combine(Folder, "stuck.dcm");
        using (Process mkfifo = Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        var clock = Stopwatch.StartNew();

        var ex = Assert.ThrowsAsync<DicomImportException>(() =>
            DicomSeries.LoadAsync(fifo, new DicomLoadOptions { FileTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Kind, Is.EqualTo(DicomFailureKind.TimedOut), ex.Message);
            Assert.That(ex.Message, Does.Contain("stuck.dcm").And.Contain("within 1 s"));
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(10), "timeout of 1 s plus worker start and kill");
        });
    }

    [Test]
    public void LoadAsync_VolumeLargerThanMemoryCap_RefusedBeforeAllocating()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(64, 48, 20), Folder, DicomTestData.Info());

        var ex = Assert.ThrowsAsync<DicomImportException>(() =>
            DicomSeries.LoadAsync(Folder, new DicomLoadOptions { MemoryLimitBytes = 64 << 10 }));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Kind, Is.EqualTo(DicomFailureKind.MemoryCap));
            Assert.That(ex.Message, Does.Contain("memory cap of 0 MiB").Or.Contain("memory cap"));
        });
    }

    [Test]
    public async Task LoadAsync_InProcessAndWorker_SameVoxels()
    {
        DicomSeriesWriter.WriteCtSeries(DicomTestData.GradientCt(), Folder, DicomTestData.Info());

        DicomSeriesResult isolated = await DicomSeries.LoadAsync(Folder);
        DicomSeriesResult inProcess = await DicomSeries.LoadAsync(Folder, new DicomLoadOptions { InProcess = true });

        Assert.Multiple(() =>
        {
            Assert.That(isolated.Volume.Data, Is.EqualTo(inProcess.Volume.Data));
            Assert.That(isolated.Volume.Geometry.SameGrid(inProcess.Volume.Geometry, 1e-9), Is.True);
        });
    }
}
