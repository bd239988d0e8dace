using Microsoft.Playwright;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>Saves a page screenshot as a test attachment and to artifacts/screenshots/ at the repository root.</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        string fileName = $"web-client-{name}.png";
        string testCopy = Path.Combine(TestContext.CurrentContext.WorkDirectory, fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = testCopy });
        TestContext.AddTestAttachment(testCopy, $"web client, {name}");
        string artefacts = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(artefacts);
        File.Copy(testCopy, Path.Combine(artefacts, fileName), overwrite: true);
    }

    /// <summary>Saves what a canvas holds (its pixels, not the page) the same way.</summary>
    public static async Task SaveCanvasAsync(IPage page, string selector, string name)
    {
        string dataUrl = await page.EvaluateAsync<string>("s => document.querySelector(s).toDataURL('image/png')", selector);
        string fileName = $"web-client-{name}.png";
        string testCopy = Path.Combine(TestContext.CurrentContext.WorkDirectory, fileName);
        await File.WriteAllBytesAsync(testCopy, Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]));
        TestContext.AddTestAttachment(testCopy, $"web client, {name}");
        string artefacts = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(artefacts);
        File.Copy(testCopy, Path.Combine(artefacts, fileName), overwrite: true);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SurgicalNav.sln"))) return dir.FullName;
        }
        return TestContext.CurrentContext.WorkDirectory;
    }
}
