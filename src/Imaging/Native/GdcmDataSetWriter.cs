using System.Text;
using SurgicalNav.Imaging.Dicom;

namespace SurgicalNav.Imaging.Native;

/// <summary>
/// Builds one DICOM data set element by element and writes it with gdcm.Writer as Explicit VR Little
/// Endian. GDCM fills the file meta header from the data set (MediaStorageSOPInstanceUID = SOPInstanceUID).
/// </summary>
internal sealed class GdcmDataSetWriter : IDisposable
{
    private readonly gdcm.Writer _writer;
    private readonly gdcm.DataSet _dataSet;

    /// <summary>Starts an empty data set.</summary>
    public GdcmDataSetWriter()
    {
        GdcmLibrary.EnsureLoaded();
        _writer = new gdcm.Writer();
        _dataSet = _writer.GetFile().GetDataSet();
    }

    /// <summary>Adds a text element (UI, CS, DS, IS, PN, LO, SH, DA, TM, ...), padded to even length as its VR requires.</summary>
    public void AddText(ushort group, ushort element, gdcm.VR.VRType vr, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.Length % 2 == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = vr == gdcm.VR.VRType.UI ? (byte)0 : (byte)' ';
        }
        AddBytes(group, element, vr, bytes, bytes.Length);
    }

    /// <summary>Adds a US element with one value.</summary>
    public void AddUShort(ushort group, ushort element, ushort value) =>
        AddBytes(group, element, gdcm.VR.VRType.US, BitConverter.IsLittleEndian ? BitConverter.GetBytes(value) : [(byte)value, (byte)(value >> 8)], 2);

    /// <summary>Adds a binary element from the first <paramref name="length"/> bytes of <paramref name="bytes"/>, already little endian.</summary>
    public void AddBytes(ushort group, ushort element, gdcm.VR.VRType vr, byte[] bytes, int length)
    {
        using var tag = new gdcm.Tag(group, element);
        using var dataElement = new gdcm.DataElement(tag);
        using var valueRepresentation = new gdcm.VR(vr);
        using var valueLength = new gdcm.VL((uint)length);
        dataElement.SetVR(valueRepresentation);
        dataElement.SetByteValue(bytes, valueLength);
        _dataSet.Replace(dataElement);
    }

    /// <summary>Writes the data set to <paramref name="path"/>; throws IOException naming the file on failure.</summary>
    public void Write(string path)
    {
        using var file = _writer.GetFile();
        using var header = file.GetHeader();
        using var syntax = new gdcm.TransferSyntax(gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian);
        header.SetDataSetTransferSyntax(syntax);
        _writer.SetFileName(path);
        if (!_writer.Write())
        {
            throw new IOException($"GDCM could not write '{path}'; check that the folder exists, is writable and has free space");
        }
    }

    /// <summary>Releases GDCM's native copy of the data set.</summary>
    public void Dispose()
    {
        _dataSet.Dispose();
        _writer.Dispose();
    }
}
