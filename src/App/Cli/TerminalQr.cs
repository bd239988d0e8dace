using QRCoder;

namespace SurgicalNav.App.Cli;

/// <summary>A QR code drawn with Unicode half blocks, two modules per character row, for a terminal to show a URL to a headset's camera.</summary>
public static class TerminalQr
{
    /// <summary>The QR code (error correction M) of <paramref name="text"/> as lines of text, dark on light.</summary>
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using QRCodeData data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var ascii = new AsciiQRCode(data);
        return ascii.GetGraphicSmall(drawQuietZones: true, invert: false, endOfLine: "\n");
    }
}
