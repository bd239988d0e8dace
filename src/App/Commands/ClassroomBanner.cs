using SurgicalNav.App.Cli;
using SurgicalNav.App.Server;
using SurgicalNav.App.Server.Classroom;

namespace SurgicalNav.App.Commands;

/// <summary>`serve --classroom`: starts a classroom session with the server and prints its code, the teacher's link and the students' join link with a QR code.</summary>
internal static class ClassroomBanner
{
    public static async Task StartAsync(RunningServer server, CaseServerOptions options)
    {
        ClassroomSession session = await server.Classroom.StartAsync().ConfigureAwait(false);
        var teacher = new UriBuilder(server.Url) { Query = "teach=" + session.Teacher.Key }.Uri;
        Output.Result($"serve: classroom code {session.Code} (admits students until {session.JoinUntilUtc:HH:mm} UTC)");
        Output.Result($"serve: teacher view: {teacher}");
        string scheme = options.Certificate is null ? "http" : "https";
        var first = options.Host is "127.0.0.1" or "localhost" ? null : ServerCertificate.LocalAddresses().FirstOrDefault();
        string host = first?.ToString() ?? server.Url.Host;
        var join = new UriBuilder(scheme, host, server.Url.Port) { Query = "join=" + session.Code }.Uri;
        Output.Result($"serve: students open {join} (or the page and type the code)");
        if (first is not null) Output.Progress(TerminalQr.Render(join.ToString()));
    }
}
