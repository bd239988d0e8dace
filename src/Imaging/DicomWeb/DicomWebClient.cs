using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SurgicalNav.Imaging.DicomWeb;

/// <summary>
/// A DICOMweb client for one server: QIDO-RS searches (studies, series) and WADO-RS series retrieval. It talks only to
/// the URL it was given. Failures become <see cref="DicomWebException"/>s that name the URL and the next step.
/// </summary>
public sealed partial class DicomWebClient : IDisposable
{
    private const int MaxJsonBytes = 64 << 20;
    private readonly HttpClient _http;
    private readonly DicomWebOptions _options;
    private readonly string _root;

    /// <summary>A client for the DICOMweb root <paramref name="url"/> (dicomweb+http://host:port/dicom-web, or plain http/https).</summary>
    public DicomWebClient(string url, DicomWebOptions? options = null)
    {
        _root = ParseUrl(url);
        BaseUri = new Uri(_root);
        _options = options ?? new DicomWebOptions();
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(15, _options.RequestTimeout.TotalSeconds)),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            AllowAutoRedirect = false, // a redirect would lead away from the URL the user named
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SurgicalNav", "1.0"));
    }

    /// <summary>The DICOMweb root as an http(s) URL.</summary>
    public Uri BaseUri { get; }

    /// <summary>True when <paramref name="text"/> names a DICOMweb server (dicomweb+http:// or dicomweb+https://) rather than a path.</summary>
    public static bool IsDicomWebUrl(string text) =>
        text.StartsWith("dicomweb+http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("dicomweb+https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Studies matching <paramref name="query"/> (QIDO-RS GET /studies), in the server's order.</summary>
    public async Task<IReadOnlyList<PacsStudy>> SearchStudiesAsync(StudyQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<string>();
        if (!string.IsNullOrWhiteSpace(query.PatientName)) parameters.Add("PatientName=" + QueryValue(query.PatientName.Trim()));
        if (!string.IsNullOrWhiteSpace(query.Modality)) parameters.Add("ModalitiesInStudy=" + QueryValue(query.Modality.Trim().ToUpperInvariant()));
        if (query.StudyInstanceUid is not null) parameters.Add("StudyInstanceUID=" + CheckUid(query.StudyInstanceUid, "study"));
        parameters.Add("limit=" + query.Limit.ToString(CultureInfo.InvariantCulture));
        // Ask for the optional attributes a listing needs: description, modalities, series and instance counts.
        foreach (string tag in (string[])["00081030", "00080061", "00201206", "00201208"]) parameters.Add("includefield=" + tag);
        using JsonDocument json = await GetJsonAsync("/studies?" + string.Join('&', parameters), ct).ConfigureAwait(false);
        return json.RootElement.EnumerateArray().Select(s => new PacsStudy(
            DicomJson.Text(s, "0020000D"), DicomJson.Text(s, "00100010"), DicomJson.Text(s, "00100020"), DicomJson.Text(s, "00080020"),
            DicomJson.Text(s, "00081030"), DicomJson.Values(s, "00080061"), DicomJson.Int(s, "00201206"), DicomJson.Int(s, "00201208")))
            .Where(s => s.StudyInstanceUid.Length > 0)
            .ToList();
    }

    /// <summary>The series of one study (QIDO-RS GET /studies/{uid}/series).</summary>
    public async Task<IReadOnlyList<PacsSeries>> SearchSeriesAsync(string studyUid, CancellationToken ct = default)
    {
        string relative = $"/studies/{CheckUid(studyUid, "study")}/series?includefield=0008103E&includefield=00201209";
        using JsonDocument json = await GetJsonAsync(relative, ct).ConfigureAwait(false);
        return json.RootElement.EnumerateArray().Select(s => new PacsSeries(
            DicomJson.Text(s, "0020000E"), DicomJson.Text(s, "00080060"), DicomJson.Text(s, "0008103E"), DicomJson.Int(s, "00200011"), DicomJson.Int(s, "00201209")))
            .Where(s => s.SeriesInstanceUid.Length > 0)
            .ToList();
    }

    /// <summary>Disposes the HTTP connection pool.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<JsonDocument> GetJsonAsync(string relative, CancellationToken ct)
    {
        using HttpResponseMessage response = await SendAsync(relative, "application/dicom+json, application/json", ct).ConfigureAwait(false);
        Uri uri = new(_root + relative);
        if (response.StatusCode == HttpStatusCode.NoContent) return JsonDocument.Parse("[]");
        if (response.Content.Headers.ContentLength > MaxJsonBytes)
        {
            throw new DicomWebException($"{uri} answered with {response.Content.Headers.ContentLength} bytes of JSON, more than the {MaxJsonBytes >> 20} MiB a search may return; narrow the search");
        }
        try
        {
            await using Stream body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            using var limited = new MemoryStream();
            await CopyLimitedAsync(body, limited, MaxJsonBytes, uri, ct).ConfigureAwait(false);
            if (limited.Length == 0) return JsonDocument.Parse("[]");
            limited.Position = 0;
            JsonDocument json = await JsonDocument.ParseAsync(limited, cancellationToken: ct).ConfigureAwait(false);
            if (json.RootElement.ValueKind != JsonValueKind.Array)
            {
                json.Dispose();
                throw new DicomWebException($"{uri} answered with JSON that is not a list of DICOM datasets; check that the URL is the server's DICOMweb root (for Orthanc: http://host:8042/dicom-web)");
            }
            return json;
        }
        catch (JsonException e)
        {
            throw new DicomWebException($"{uri} answered with invalid JSON ({e.Message}); check that the URL is the server's DICOMweb root (for Orthanc: http://host:8042/dicom-web)", e);
        }
        catch (IOException e)
        {
            throw new DicomWebException($"the connection to {uri} broke while reading its answer ({e.Message}); try again", e);
        }
    }

    private static async Task CopyLimitedAsync(Stream source, Stream target, long limit, Uri uri, CancellationToken ct)
    {
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (target.Length + n > limit) throw new DicomWebException($"{uri} answered with more than {limit >> 20} MiB of JSON; narrow the search");
            await target.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }
    }

    /// <summary>GET with the response headers awaited under <see cref="DicomWebOptions.RequestTimeout"/>; non-2xx answers throw.</summary>
    private async Task<HttpResponseMessage> SendAsync(string relative, string accept, CancellationToken ct)
    {
        // Sent exactly as built (every part is escaped here already): Uri would otherwise turn ^ into %5E.
        var uri = new Uri(_root + relative, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DicomWebException(
                $"the PACS at {_root} did not answer within {_options.RequestTimeout.TotalSeconds:0} s (GET {uri}); check that the server runs and is not overloaded, then try again", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            string body = await ReadSnippetAsync(response, ct).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            string hint = status switch
            {
                401 or 403 => "the server wants credentials; SurgicalNav sends none, so allow this client on the PACS (or use an unauthenticated DICOMweb endpoint)",
                404 => "check that the URL is the DICOMweb root (for Orthanc: http://host:8042/dicom-web, with the DICOMweb plugin loaded) and that the UIDs exist",
                406 or 415 => "the server cannot send the requested format (multipart DICOM or DICOM JSON); check that it supports DICOMweb",
                >= 500 => "the server failed; look at its log and try again",
                _ => "check the URL and the UIDs",
            };
            throw new DicomWebException($"the PACS answered HTTP {status} {response.ReasonPhrase} to GET {uri}{(body.Length > 0 ? $" ({body})" : "")}; {hint}")
            {
                HttpStatus = status,
            };
        }
    }

    private DicomWebException Unreachable(HttpRequestException e)
    {
        SocketError? socket = (e.InnerException as SocketException)?.SocketErrorCode;
        string why = socket switch
        {
            SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
            SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found",
            SocketError.TimedOut => "the connection timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "the network or host is unreachable",
            _ => e.HttpRequestError == HttpRequestError.NameResolutionError ? "host name not found" : e.Message,
        };
        return new DicomWebException($"cannot reach the PACS at {_root}: {why}. Check the host and port, and that its DICOMweb service is running", e);
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length <= 200 ? text : text[..200] + "...";
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return $"body unreadable: {e.Message}";
        }
    }

    /// <summary>Checks a UID before it goes into a URL path: digits and dots, at most 64 characters.</summary>
    internal static string CheckUid(string uid, string what)
    {
        string trimmed = (uid ?? "").Trim();
        if (trimmed.Length is > 0 and <= 64 && UidPattern().IsMatch(trimmed)) return trimmed;
        throw new DicomWebException(
            $"'{uid}' is not a DICOM {what} UID (digits separated by dots, at most 64 characters); pass the {what} instance UID as 'surgicalnav pacs search' prints it");
    }

    private static string ParseUrl(string url)
    {
        string text = (url ?? "").Trim();
        if (IsDicomWebUrl(text)) text = text["dicomweb+".Length..];
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0)
        {
            throw new DicomWebException(
                $"'{url}' is not a DICOMweb URL; write it as dicomweb+http://host:port/dicom-web (the server's DICOMweb root, without query)");
        }
        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// Percent-encodes a query value except DICOM's name separator and wildcards (^ * ?), which are legal in a query and
    /// which some servers (Orthanc 1.10) match only when sent as they are.
    /// </summary>
    private static string QueryValue(string value) =>
        string.Concat(value.Select(c => c is '^' or '*' or '?' ? c.ToString() : Uri.EscapeDataString(c.ToString())));

    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    private static partial Regex UidPattern();
}
