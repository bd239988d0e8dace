using SurgicalNav.Imaging;
using SurgicalNav.Segmentation.Meshing;
using SurgicalNav.Segmentation.Tests.Meshing;

namespace SurgicalNav.Segmentation.Tests.Bugs;

/// <summary>
/// Regression: decimating to the triangle budget collapsed across thin parts (the demo liver lost a thin part: the
/// undecimated surface lay 2 to 6 mm from the decimated one). Plane quadrics let the rim of a thin wedge slide
/// inward along both of its sides at almost no cost.
/// </summary>
public class DecimationAteThinPartsTests
{
    /// <summary>
    /// A ball (radius 9 mm) with a curved wedge attached, like a liver's edge: 20 mm wide, 22 mm long, thinning
    /// from 3 mm to 0.2 mm, on a 0.5 mm grid.
    /// </summary>
    private static LabelMap BallWithWedge(double spacingMm = 0.5)
    {
        double f = 0.5 / spacingMm;
        var geometry = ImageGeometry.Axial(new Int3((int)(116 * f), (int)(72 * f), (int)(64 * f)), new Vec3(spacingMm, spacingMm, spacingMm), new Vec3(-20, -18, -16));
        return MeshingShapes.Fill(geometry, p =>
        {
            if ((p - new Vec3(-8, 0, 0)).Length <= 9) return true;
            double mid = 3 * Math.Sin(p.X / 6);
            double half = 0.5 * (3 - 2.8 * Math.Clamp((p.X + 4) / 22, 0, 1));
            return p.X >= -4 && p.X <= 18 && Math.Abs(p.Y) <= 10 && Math.Abs(p.Z - mid) <= half;
        });
    }

    [Test]
    public void Build_ThinWedgeToTheBudget_EveryFullResolutionVertexWithinHalfAMillimetre()
    {
        LabelMap map = BallWithWedge();
        Mesh full = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0 }).Single();
        // A thirteenth, as the default 300k budget is of the demo's 3.9M smoothed triangles.
        int budget = full.TriangleCount / 13;

        Mesh mesh = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = budget }).Single();

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        double worst = 0;
        for (int v = 0; v < full.VertexCount; v++) worst = Math.Max(worst, MeshDecimationTests.DistanceToMesh(MeshDecimationTests.P(full, v), mesh));
        TestContext.Out.WriteLine($"{full.TriangleCount:N0} -> {mesh.TriangleCount:N0} (budget {budget:N0}), worst full-resolution vertex {worst:F3} mm from the decimated surface");
        // The default deviation floor, 0.5 mm (before it: 0.749 mm here).
        Assert.That(worst, Is.LessThan(0.5), "the decimated surface lost part of the wedge");
        // Fidelity wins over the budget, but on this shape the budget is still met.
        Assert.That(mesh.TriangleCount, Is.LessThanOrEqualTo(budget));
    }

    /// <summary>
    /// Regression: the limit was checked only for the points merged into the two collapsing vertices, so moving the
    /// faces they share with a neighbour could leave the neighbour's points farther than the limit (the demo body
    /// reached 0.65 mm against 0.5 mm). Every full-resolution vertex must now lie within the limit.
    /// </summary>
    [Test]
    public void Build_HeavyBudgetWithTightLimit_EveryFullResolutionVertexWithinTheLimit()
    {
        LabelMap map = BallWithWedge();
        Mesh full = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0 }).Single();
        const double limitMm = 0.1;

        Mesh mesh = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = full.TriangleCount / 200, MaxDeviationMm = limitMm }).Single();

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        double worst = 0;
        for (int v = 0; v < full.VertexCount; v++) worst = Math.Max(worst, MeshDecimationTests.DistanceToMesh(MeshDecimationTests.P(full, v), mesh));
        TestContext.Out.WriteLine($"{full.TriangleCount:N0} -> {mesh.TriangleCount:N0}, worst full-resolution vertex {worst:F4} mm (limit {limitMm} mm)");
        // Input points are stored as float: allow 1e-4 mm for rounding.
        Assert.That(worst, Is.LessThanOrEqualTo(limitMm + 1e-4));
    }

    /// <summary>
    /// The same limit on a surface large enough (over 200k triangles) to be decimated in parallel slabs: each slab
    /// tracks its own vertices and the finishing pass takes every original vertex with the one it was merged into, so
    /// the limit must hold across the seams as on one thread.
    /// </summary>
    [Test]
    public void Build_WedgeLargeEnoughForSlabs_EveryFullResolutionVertexWithinTheLimit()
    {
        LabelMap map = BallWithWedge(spacingMm: 0.15);
        Mesh full = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = 0 }).Single();
        Assert.That(full.TriangleCount, Is.GreaterThan(200_000), "large enough for the slab path");
        const double limitMm = 0.1;

        Mesh mesh = LabelMeshes.Build(map, new MeshingOptions { MaxTriangles = full.TriangleCount / 5000, MaxDeviationMm = limitMm }).Single();

        Assert.That(MeshMetrics.IsWatertight(mesh), Is.True);
        Assert.That(MeshMetrics.EulerCharacteristic(mesh), Is.EqualTo(2));
        double worst = 0;
        for (int v = 0; v < full.VertexCount; v++) worst = Math.Max(worst, MeshDecimationTests.DistanceToMesh(MeshDecimationTests.P(full, v), mesh));
        TestContext.Out.WriteLine($"{full.TriangleCount:N0} -> {mesh.TriangleCount:N0}, worst full-resolution vertex {worst:F4} mm (limit {limitMm} mm)");
        Assert.That(worst, Is.LessThanOrEqualTo(limitMm + 1e-4));
        Assert.That(mesh.TriangleCount, Is.LessThan(full.TriangleCount / 20), "the seams are decimated too, not left at full resolution");
    }
}
