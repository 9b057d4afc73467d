using Microsoft.Playwright;

namespace Remask.Cli.Tests.Browser;

/// <summary>
/// A file opened in headless Chromium (Playwright for .NET, its node driver from the NuGet package, the browser at
/// <see cref="ChromiumFactAttribute.Executable"/>), with what went wrong while it loaded: console errors, uncaught page
/// errors, failed requests and requests for anything but the file itself and data URIs.
/// </summary>
public sealed class HeadlessPage : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _problems = [];

    public IPage Page { get; }

    /// <summary>Console errors, page errors and failed or outside requests, in the order they came.</summary>
    public IReadOnlyList<string> Problems => _problems;

    private HeadlessPage(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    /// <summary>Opens <paramref name="file"/> and waits for its load event (every image loaded or failed).</summary>
    public static async Task<HeadlessPage> OpenAsync(string file)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Executable, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var open = new HeadlessPage(playwright, browser, page);
        string uri = new Uri(Path.GetFullPath(file)).AbsoluteUri;
        page.Console += (_, m) => { if (m.Type == "error") open._problems.Add($"console error: {m.Text}"); };
        page.PageError += (_, e) => open._problems.Add($"page error: {e}");
        page.RequestFailed += (_, r) => open._problems.Add($"request failed: {r.Url} ({r.Failure})");
        page.Request += (_, r) => { if (r.Url != uri && !r.Url.StartsWith("data:", StringComparison.Ordinal)) open._problems.Add($"request outside the file: {r.Url}"); };
        var response = await page.GotoAsync(uri, new() { WaitUntil = WaitUntilState.Load });
        if (response is { Ok: false }) open._problems.Add($"{uri}: status {response.Status}");
        return open;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
