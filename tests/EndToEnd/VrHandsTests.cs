using System.Text.Json;
using Microsoft.Playwright;
using SurgicalNav.App.Cases;
using SurgicalNav.Imaging;
using SurgicalNav.Planning;
using SurgicalNav.Segmentation;
using SurgicalNav.Segmentation.IO;

namespace SurgicalNav.EndToEnd.Tests;

/// <summary>
/// VR with tracked hands under iwer's emulated Meta Quest 3 in hand mode: a fist grabs (one hand moves and turns the
/// anatomy, two scale it), a pinch still picks, a target picked through the liver lands in the middle of the tumour
/// on the ray, and every hand's ray is cast every frame through the bounding-volume trees with the hits of a test of
/// every triangle.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class VrHandsTests : ServedCaseFixture
{
    private const string Hands = "hands";

    [Category(LongTests.Category)]
    [Explicit(LongTests.Reason)]
    [Test]
    public async Task FistGrab_MovesTurnsAndWithTwoHandsScalesTheAnatomy_APinchClosingIntoItIsTakenBack()
    {
        var page = await HandModeAsync();
        Vec3 tumour = CaseStore.Load(CaseDirectory).Plan!.Targets[0].CenterMm;

        // A pinch on the anatomy that closes into a fist was the start of a grab: the target it placed goes back.
        double[] aim = (await WorldAsync(page, tumour + new Vec3(5, 0, 0))).ToArray();
        await XrDriver.HandPoseAsync(page, "right", "point");
        await XrDriver.AimAsync(page, "right", [aim[0] + 0.12, aim[1] + 0.22, aim[2] + 0.30], aim, Hands);
        double[] targetBefore = await page.EvaluateAsync<double[]>("() => window.__surgicalnavVr.targetMm");
        await page.EvaluateAsync("() => window.__surgicalnavXrDevice.hands.right.updatePinchValue(1)");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.dragging === 'target'", 20_000);
        await page.EvaluateAsync("() => { const h = window.__surgicalnavXrDevice.hands.right; h.updatePinchValue(0); h.poseId = 'fist'; }");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.grabbing && window.__surgicalnavVr.cancelledPicks === 1", 20_000);
        await XrDriver.FramesAsync(page, 4); // a late server answer for the pick must not bring it back
        Assert.That(await page.EvaluateAsync<double[]>("() => window.__surgicalnavVr.targetMm"), Is.EqualTo(targetBefore), "the target is where it was before the pinch");
        await XrDriver.HandPoseAsync(page, "right", "default");
        await XrDriver.WaitAsync(page, "() => !window.__surgicalnavVr.grabbing", 20_000);

        double[] left = [-0.15, 1.15, -0.45], right = [0.15, 1.15, -0.45];
        await XrDriver.AimAsync(page, "left", left, Ahead(left), Hands);
        await XrDriver.AimAsync(page, "right", right, Ahead(right), Hands);
        Vec3 start = await WorldAsync(page, tumour);

        // One fist: the anatomy follows the hand's displacement, then turns with it about the hand.
        await XrDriver.HandPoseAsync(page, "right", "fist");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.grabbing", 20_000);
        var moveM = new Vec3(0.06, -0.04, 0.09);
        double[] moved = Add(right, moveM);
        await XrDriver.AimAsync(page, "right", moved, Ahead(moved), Hands);
        Vec3 afterMove = await WorldAsync(page, tumour);
        Assert.That(Vec3.Distance(afterMove, start + moveM) * 1000, Is.LessThan(1), "the tumour moved by the hand's displacement (mm)");

        double turn = 30 * Math.PI / 180;
        await XrDriver.AimAsync(page, "right", moved, Add(moved, new Vec3(-Math.Sin(turn), 0, -Math.Cos(turn))), Hands);
        Vec3 hand = new(moved[0], moved[1], moved[2]), r = afterMove - hand;
        Vec3 expected = hand + new Vec3(r.X * Math.Cos(turn) + r.Z * Math.Sin(turn), r.Y, -r.X * Math.Sin(turn) + r.Z * Math.Cos(turn));
        Vec3 afterTurn = await WorldAsync(page, tumour);
        Assert.That(Vec3.Distance(afterTurn, expected) * 1000, Is.LessThan(1), "the tumour turned 30° about the vertical through the hand (mm)");
        Assert.That(await page.EvaluateAsync<double>("() => window.__surgicalnavVr.scale"), Is.EqualTo(1).Within(1e-6), "one hand does not scale");

        await XrDriver.HandPoseAsync(page, "right", "default");
        await XrDriver.WaitAsync(page, "() => !window.__surgicalnavVr.grabbing", 20_000);
        await XrDriver.AimAsync(page, "right", right, Ahead(right), Hands);
        Assert.That(Vec3.Distance(await WorldAsync(page, tumour), afterTurn), Is.LessThan(1e-6), "an open hand leaves the anatomy where it is");

        // Two fists whose palms move apart to twice their distance: the anatomy doubles about the palms' midpoint.
        await XrDriver.HandPoseAsync(page, "left", "fist");
        await XrDriver.HandPoseAsync(page, "right", "fist");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.grabbing", 20_000);
        Vec3 palmL = await VecAsync(page, "window.__surgicalnavVr.palmWorld('left')"), palmR = await VecAsync(page, "window.__surgicalnavVr.palmWorld('right')");
        Vec3 half = (palmR - palmL) * 0.5, mid = (palmL + palmR) * 0.5;
        Vec3 before = await WorldAsync(page, tumour);
        double[] leftApart = Add(left, -half), rightApart = Add(right, half);
        await XrDriver.AimAsync(page, "left", leftApart, Ahead(leftApart), Hands);
        await XrDriver.AimAsync(page, "right", rightApart, Ahead(rightApart), Hands);
        Vec3 palmsNow = await VecAsync(page, "window.__surgicalnavVr.palmWorld('right')") - await VecAsync(page, "window.__surgicalnavVr.palmWorld('left')");
        Assert.That(palmsNow.Length / (palmR - palmL).Length, Is.EqualTo(2).Within(1e-6), "the palms are twice as far apart");
        Assert.That(await page.EvaluateAsync<double>("() => window.__surgicalnavVr.scale"), Is.EqualTo(2).Within(0.01));
        Assert.That(Vec3.Distance(await WorldAsync(page, tumour), mid + (before - mid) * 2) * 1000, Is.LessThan(1), "scaled about the palms' midpoint (mm)");
        await XrDriver.LookAtAsync(page, [0.0, 1.45, 0.15], [0.0, 1.2, -0.7]);
        await Screenshots.SaveAsync(page, "vr-hands-grab");

        await XrDriver.HandPoseAsync(page, "left", "default");
        await XrDriver.HandPoseAsync(page, "right", "default");
        await XrDriver.WaitAsync(page, "() => !window.__surgicalnavVr.grabbing", 20_000);
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await page.CloseAsync();
    }

    [Category(LongTests.Category)]
    [Explicit(LongTests.Reason)]
    [Test]
    public async Task Pinch_ThroughTheLiverAtATumour_PlacesTheTargetMidTumourOnTheRay_AndAcceptChangesThePlan()
    {
        var page = await HandModeAsync();
        PlanTarget tumour = CaseStore.Load(CaseDirectory).Plan!.Targets[0];
        LabelMap labels = SegNrrd.Read(Path.Combine(CaseDirectory, CaseStore.LabelsFile));

        // Aim 2 mm beside the tumour centre from above, right and in front: the liver's surface is in the way.
        Vec3 aimLps = tumour.CenterMm + new Vec3(2, 0, 1.5);
        double[] aim = await page.EvaluateAsync<double[]>("p => window.__surgicalnavVr.lpsToWorld(p)", aimLps.ToArray());
        double[] from = [aim[0] + 0.12, aim[1] + 0.22, aim[2] + 0.30];
        Vec3 originLps = await LpsAsync(page, from);
        List<(string Segment, double Enter, double Exit)> runs = SampledRuns(labels, originLps, (aimLps - originLps).Normalized(), 600);
        TestContext.Out.WriteLine("along the ray: " + string.Join(", ", runs.Select(r => $"{r.Segment} {r.Enter:0.0}-{r.Exit:0.0} mm")));
        var organs = runs.Where(r => r.Segment is not ("body" or "skin")).ToList();
        Assert.That(organs[0].Segment, Is.EqualTo("liver"), "the ray meets the liver before the tumour");
        var inTumour = runs.First(r => r.Segment == "tumor");
        Vec3 expected = originLps + (aimLps - originLps).Normalized() * ((inTumour.Enter + inTumour.Exit) / 2);

        await XrDriver.HandPoseAsync(page, "right", "point");
        await XrDriver.AimAsync(page, "right", from, aim, Hands);
        await page.EvaluateAsync("() => window.__surgicalnavXrDevice.hands.right.updatePinchValue(1)");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.rayTarget && window.__surgicalnavVr.evaluation", 30_000);
        await XrDriver.LookAtAsync(page, [aim[0] - 0.08, aim[1] + 0.16, aim[2] + 0.42], aim);
        await Screenshots.SaveAsync(page, "vr-hands-pinch-inside");
        await page.EvaluateAsync("() => window.__surgicalnavXrDevice.hands.right.updatePinchValue(0)");
        await XrDriver.WaitAsync(page, "() => window.__surgicalnavVr.dragging === null", 20_000);

        Vec3 picked = await VecAsync(page, "window.__surgicalnavVr.targetMm");
        Assert.That(Vec3.Distance(picked, expected), Is.LessThan(1), $"the target lands mid-tumour on the ray (mm); expected {expected}, got {picked}");
        Assert.That(await page.EvaluateAsync<string>("() => window.__surgicalnavVr.rayTarget.segment"), Is.EqualTo("tumor"));

        // The same pinch with "Target on surface" stops at the liver, where the old laser stopped.
        await XrDriver.ClickPanelAsync(page, "depth:surface", Hands);
        await XrDriver.AimAsync(page, "right", from, aim, Hands);
        await XrDriver.PinchAsync(page, "right");
        await XrDriver.WaitAsync(page, $"() => Math.hypot(...window.__surgicalnavVr.targetMm.map((v, i) => v - {JsonSerializer.Serialize(picked.ToArray())}[i])) > 1", 20_000);
        Vec3 surface = await VecAsync(page, "window.__surgicalnavVr.targetMm");
        double surfaceAlong = Vec3.Dot(surface - originLps, (aimLps - originLps).Normalized());
        // The smoothed surface lies within about a voxel of the label map's voxel faces.
        double voxelMm = Math.Max(labels.Geometry.SpacingMm.X, Math.Max(labels.Geometry.SpacingMm.Y, labels.Geometry.SpacingMm.Z));
        Assert.That(surfaceAlong, Is.EqualTo(organs[0].Enter).Within(voxelMm), "on the surface: where the ray enters the liver (mm along the ray)");
        Assert.That(surfaceAlong, Is.LessThan(inTumour.Enter), "the surface pick is in front of the tumour");
        Assert.That(Vec3.Distance(surface, expected), Is.GreaterThan(3), "the surface pick is short of the tumour");

        // Back to "in tumour", pick again and accept with a pinch on the panel: the server's plan changes.
        await XrDriver.ClickPanelAsync(page, "depth:tumour", Hands);
        await XrDriver.AimAsync(page, "right", from, aim, Hands);
        await XrDriver.PinchAsync(page, "right");
        await XrDriver.WaitAsync(page, $"() => {{ const v = window.__surgicalnavVr; return Math.hypot(...v.targetMm.map((x, i) => x - {JsonSerializer.Serialize(picked.ToArray())}[i])) < 1e-6 && v.evaluation && v.evaluation.targetMm.every((x, i) => Math.abs(x - v.targetMm[i]) < 1e-3); }}", 30_000);
        await XrDriver.ClickPanelAsync(page, "accept", Hands);
        Trajectory saved = WaitForSavedTarget(picked);
        Assert.That(Vec3.Distance(saved.TargetMm, picked), Is.LessThan(1e-3), "case.json's chosen trajectory ends at the target picked in the tumour");
        Assert.That(await page.EvaluateAsync<string[]>("() => window.__surgicalnav.errors"), Is.Empty);
        await page.CloseAsync();
    }

    [Category(LongTests.Category)]
    [Explicit(LongTests.Reason)]
    [Test]
    public async Task PointingHands_CastEveryFrameThroughTheTree_WithTheSameHitsAsTestingEveryTriangle()
    {
        var page = await HandModeAsync();
        Vec3 tumour = CaseStore.Load(CaseDirectory).Plan!.Targets[0].CenterMm;
        double[] aim = (await WorldAsync(page, tumour)).ToArray();
        double[] left = [aim[0] - 0.15, aim[1] + 0.2, aim[2] + 0.35], right = [aim[0] + 0.15, aim[1] + 0.2, aim[2] + 0.35];
        await XrDriver.HandPoseAsync(page, "left", "point");
        await XrDriver.HandPoseAsync(page, "right", "point");
        await XrDriver.AimAsync(page, "left", left, aim, Hands);
        await XrDriver.AimAsync(page, "right", right, aim, Hands);

        await XrDriver.WaitAsync(page, "() => window.__surgicalnav.raycast.pending === 0", 60_000);
        // Every frame casts both hands' rays.
        int[] updates0 = await page.EvaluateAsync<int[]>("() => window.__surgicalnavVr.reticleUpdates");
        int frames0 = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames");
        await XrDriver.FramesAsync(page, 12);
        int[] updates = await page.EvaluateAsync<int[]>("() => window.__surgicalnavVr.reticleUpdates");
        int frames = await page.EvaluateAsync<int>("() => window.__surgicalnav.xrFrames") - frames0;
        Assert.That(updates[0] - updates0[0], Is.GreaterThanOrEqualTo(frames - 1), "the left hand's reticle follows every frame");
        Assert.That(updates[1] - updates0[1], Is.GreaterThanOrEqualTo(frames - 1), "the right hand's reticle follows every frame");
        Assert.That(await page.EvaluateAsync<int>("() => window.__surgicalnav.raycast.castsPerFrame"), Is.EqualTo(2));

        // Ray-cast time per frame, both hands pointing at the anatomy, with the trees and testing every triangle.
        double withTree = await MedianFrameCastMsAsync(page);
        await page.EvaluateAsync("() => window.__surgicalnavVr.setBvh(false)");
        double everyTriangle = await MedianFrameCastMsAsync(page);
        await page.EvaluateAsync("() => window.__surgicalnavVr.setBvh(true)");
        int triangles = await page.EvaluateAsync<int>("() => window.__surgicalnav.raycast.triangles");
        double buildMs = await page.EvaluateAsync<double>("() => window.__surgicalnav.raycast.buildMs");
        TestContext.Out.WriteLine($"ray casts per frame (2 hands, {triangles} triangles): tree {withTree:0.000} ms, every triangle {everyTriangle:0.000} ms " +
                                  $"({everyTriangle / withTree:0}x); trees built in {buildMs:0} ms (load {File.ReadAllText("/proc/loadavg").Trim()})");
        Assert.That(withTree * 3, Is.LessThan(everyTriangle), "the tree makes a frame's casts at least 3x cheaper");

        // The same hits with and without the tree, on rays from all around the anatomy.
        var (same, hits, treeMs, bruteMs) = await ComparePicksAsync(page, tumour, 60, 300);
        TestContext.Out.WriteLine($"{same.Count} rays, {hits} hits: tree {treeMs / same.Count:0.000} ms a ray, every triangle {bruteMs / same.Count:0.000} ms a ray");
        Assert.That(hits, Is.GreaterThan(150), "most rays hit the anatomy");
        Assert.That(same.Max(), Is.LessThan(0.01), "every hit within 0.01 mm of the every-triangle hit (mm)");
        await page.CloseAsync();
    }

    /// <summary>
    /// Casts <paramref name="count"/> target rays from 0.6 m around the patient point <paramref name="centreLps"/> at
    /// points within ±<paramref name="spreadMm"/> of it, with and without the trees: the distance between the two hits
    /// of each ray (mm; infinite when only one hits), the rays that hit and both total times (ms).
    /// </summary>
    internal static async Task<(List<double> DistanceMm, int Hits, double TreeMs, double EveryTriangleMs)> ComparePicksAsync(IPage page, Vec3 centreLps, double spreadMm, int count)
    {
        await XrDriver.WaitAsync(page, "() => window.__surgicalnav.raycast.pending === 0", 120_000);
        var random = new Random(11);
        Vec3 centre = await WorldAsync(page, centreLps);
        var rays = new List<object>();
        for (int n = 0; n < count; n++)
        {
            Vec3 at = await WorldAsync(page, centreLps + new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5) * (2 * spreadMm));
            Vec3 from = centre + new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5).Normalized() * 0.6;
            rays.Add(new { origin = from.ToArray(), direction = (at - from).ToArray() });
        }
        string json = JsonSerializer.Serialize(rays);
        using var tree = JsonDocument.Parse(await page.EvaluateAsync<string>("r => JSON.stringify(window.__surgicalnavVr.castRays(JSON.parse(r), true))", json));
        using var brute = JsonDocument.Parse(await page.EvaluateAsync<string>("r => JSON.stringify(window.__surgicalnavVr.castRays(JSON.parse(r), false))", json));
        var a = tree.RootElement.GetProperty("hits").EnumerateArray().ToList();
        var b = brute.RootElement.GetProperty("hits").EnumerateArray().ToList();
        var distances = new List<double>();
        int hits = 0;
        for (int n = 0; n < count; n++)
        {
            bool hitA = a[n].ValueKind == JsonValueKind.Array, hitB = b[n].ValueKind == JsonValueKind.Array;
            if (hitA) hits++;
            distances.Add(hitA != hitB ? double.PositiveInfinity : hitA ? Vec3.Distance(Vec(a[n]), Vec(b[n])) * 1000 : 0);
        }
        return (distances, hits, tree.RootElement.GetProperty("ms").GetDouble(), brute.RootElement.GetProperty("ms").GetDouble());
    }

    private async Task<IPage> HandModeAsync()
    {
        var page = await XrDriver.EnterVrAsync(Chromium, Server.Url);
        await XrDriver.UseHandsAsync(page);
        return page;
    }

    /// <summary>Median ray-cast time (ms) of the next 10 VR frames.</summary>
    private static async Task<double> MedianFrameCastMsAsync(IPage page)
    {
        await XrDriver.FramesAsync(page, 12);
        double[] ms = await page.EvaluateAsync<double[]>("() => window.__surgicalnav.raycast.frameMs.slice(-10)");
        Array.Sort(ms);
        return (ms[4] + ms[5]) / 2;
    }

    /// <summary>Label runs along the ray by nearest-voxel samples every 0.01 mm, as (segment, enter, exit) in mm along it.</summary>
    private static List<(string Segment, double Enter, double Exit)> SampledRuns(LabelMap map, Vec3 origin, Vec3 unit, double lengthMm)
    {
        const double step = 0.01;
        var runs = new List<(string, double, double)>();
        byte current = 0;
        double start = 0;
        for (int n = 0; n * step <= lengthMm; n++)
        {
            Int3? v = map.Geometry.NearestVoxel(origin + unit * (n * step));
            byte label = v is Int3 q ? map.Labels[q.X, q.Y, q.Z] : (byte)0;
            if (label == current) continue;
            if (current != 0) runs.Add((map.Segments.ByValue(current)?.Name ?? $"label {current}", start, n * step - step / 2));
            current = label;
            start = n * step - step / 2;
        }
        return runs;
    }

    internal static async Task<Vec3> WorldAsync(IPage page, Vec3 lpsMm) =>
        Vec(await page.EvaluateAsync<double[]>("p => window.__surgicalnavVr.lpsToWorld(p)", lpsMm.ToArray()));

    private static async Task<Vec3> LpsAsync(IPage page, double[] worldM) =>
        Vec(await page.EvaluateAsync<double[]>("p => window.__surgicalnavVr.worldToLps(p)", worldM));

    private static async Task<Vec3> VecAsync(IPage page, string expression) => Vec(await page.EvaluateAsync<double[]>($"() => {expression}"));

    private static Vec3 Vec(double[] v) => new(v[0], v[1], v[2]);

    private static Vec3 Vec(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble());

    private static double[] Add(double[] p, Vec3 d) => [p[0] + d.X, p[1] + d.Y, p[2] + d.Z];

    /// <summary>A point 1 m straight ahead (−Z) of <paramref name="p"/>, to aim a hand forward.</summary>
    private static double[] Ahead(double[] p) => [p[0], p[1], p[2] - 1];
}
