using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>Launches Debian's Chromium through Playwright; nothing is downloaded at run time.</summary>
internal static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing. The browser tests drive Debian's Chromium; install it with " +
                        "`apt-get install chromium` (no browser is downloaded by Playwright here).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = Args,
        });
        return (playwright, browser);
    }
}
