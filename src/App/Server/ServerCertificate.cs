using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SurgicalNav.App.Server;

/// <summary>
/// The HTTPS certificate WebXR needs off localhost: a user-provided PFX, or a self-signed one made on first
/// run and kept in the user's config folder (~/.config/surgicalnav/server.pfx), so a headset that trusted it
/// once keeps trusting it.
/// </summary>
public static class ServerCertificate
{
    /// <summary>File name of the kept self-signed certificate.</summary>
    public const string FileName = "server.pfx";

    /// <summary>The default folder: $XDG_CONFIG_HOME/surgicalnav or ~/.config/surgicalnav.</summary>
    public static string DefaultDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "surgicalnav");

    /// <summary>
    /// Loads <paramref name="directory"/>/server.pfx, or creates it (RSA 2048, SHA-256, 5 years, subject alternative
    /// names localhost, 127.0.0.1 and this machine's IPv4 addresses) with owner-only permissions, and loads that.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (File.Exists(path)) return LoadPfx(path, password: null);
        Directory.CreateDirectory(directory);
        byte[] pfx = CreateSelfSigned(LocalAddresses()).Export(X509ContentType.Pfx);
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, pfx);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, path, overwrite: true);
        return LoadPfx(path, password: null);
    }

    /// <summary>Loads a user-provided PFX/PKCS#12; the message says what to do when it cannot be used.</summary>
    public static X509Certificate2 LoadPfx(string path, string? password)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"certificate '{path}' does not exist; pass a .pfx file with its private key to --cert", path);
        X509Certificate2 cert;
        try
        {
            cert = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"certificate '{path}' cannot be read ({e.Message}); it must be a PKCS#12 (.pfx) file, check --cert-password", e);
        }
        if (!cert.HasPrivateKey) throw new InvalidDataException($"certificate '{path}' has no private key; export it as .pfx with the key");
        return cert;
    }

    /// <summary>A self-signed server certificate for the given addresses plus localhost.</summary>
    public static X509Certificate2 CreateSelfSigned(IEnumerable<IPAddress> addresses)
    {
        using RSA rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SurgicalNav (self-signed)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        foreach (IPAddress a in addresses.Distinct()) if (!IPAddress.IsLoopback(a)) san.AddIpAddress(a);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));
    }

    /// <summary>This machine's IPv4 addresses on interfaces that are up (for the certificate and the printed URL).</summary>
    public static IReadOnlyList<IPAddress> LocalAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
}
