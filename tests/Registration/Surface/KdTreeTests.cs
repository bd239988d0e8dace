using SurgicalNav.Registration.Surface;

namespace SurgicalNav.Registration.Tests.Surface;

public class KdTreeTests
{
    [Test]
    public void Nearest_RandomQueries_SameAsBruteForce()
    {
        var rng = new Random(4);
        var points = new float[3 * 5000];
        for (int i = 0; i < points.Length; i++) points[i] = (float)(rng.NextDouble() * 200 - 100);
        // Duplicates and a flat cluster exercise ties and zero-extent splits.
        for (int i = 0; i < 300; i += 3) { points[i + 3000] = points[i]; points[i + 3001] = points[i + 1]; points[i + 3002] = points[i + 2]; }
        for (int i = 6000; i < 7500; i += 3) points[i + 2] = 5f;
        var tree = new KdTree(points);

        for (int q = 0; q < 2000; q++)
        {
            float x = (float)(rng.NextDouble() * 260 - 130), y = (float)(rng.NextDouble() * 260 - 130), z = (float)(rng.NextDouble() * 260 - 130);
            float best = float.MaxValue;
            for (int i = 0; i < points.Length; i += 3)
            {
                float dx = points[i] - x, dy = points[i + 1] - y, dz = points[i + 2] - z;
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }

            int found = tree.Nearest(x, y, z, out float dSq);

            float fx = points[3 * found] - x, fy = points[3 * found + 1] - y, fz = points[3 * found + 2] - z;
            Assert.That(dSq, Is.EqualTo(best), $"query {q}");
            Assert.That(fx * fx + fy * fy + fz * fz, Is.EqualTo(best), "the returned index is in the caller's order");
        }
    }

    [Test]
    public void Nearest_SinglePoint_ReturnsIt()
    {
        var tree = new KdTree([1f, 2f, 3f]);

        Assert.That(tree.Nearest(0, 0, 0, out float d), Is.EqualTo(0));
        Assert.That(d, Is.EqualTo(14f));
    }

    [Test]
    public void Constructor_NaNPoint_RejectedNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new KdTree([0f, 0f, 0f, 1f, float.NaN, 0f]));

        Assert.That(e!.Message, Does.Contain("point 1"));
    }

    [Test]
    public void Nearest_FortyIdenticalPointsAndNeighbours_FindsTheDuplicateOrTheNeighbour()
    {
        var points = new List<float>();
        for (int i = 0; i < 40; i++) points.AddRange([1f, 1f, 1f]);
        for (int i = 0; i < 40; i++) points.AddRange([i * 0.5f, 3f, 0f]);
        var tree = new KdTree(points.ToArray());

        int a = tree.Nearest(1.1f, 1f, 1f, out float da);
        int b = tree.Nearest(7.05f, 3f, 0f, out float db);

        Assert.That(a, Is.LessThan(40));
        Assert.That(da, Is.EqualTo(0.01f).Within(1e-6f));
        Assert.That(b, Is.EqualTo(40 + 14));
        Assert.That(db, Is.EqualTo(0.0025f).Within(1e-6f));
    }

    [Test]
    public void NearestSlot_BoundAndHint_ExactWithinBoundNoneBeyond()
    {
        var rng = new Random(9);
        var points = new float[3 * 3000];
        for (int i = 0; i < points.Length; i++) points[i] = (float)(rng.NextDouble() * 100);
        var tree = new KdTree(points);

        for (int q = 0; q < 500; q++)
        {
            float x = (float)(rng.NextDouble() * 120 - 10), y = (float)(rng.NextDouble() * 120 - 10), z = (float)(rng.NextDouble() * 120 - 10);
            int exact = tree.Nearest(x, y, z, out float d);
            int hint = rng.Next(tree.SlotCount);
            if (tree.PointOfSlot(hint) < 0) hint = -1;

            int slot = tree.NearestSlot(x, y, z, 4f, hint, out float bounded);

            if (d < 4f)
            {
                Assert.That(bounded, Is.EqualTo(d), $"query {q}");
                Assert.That(tree.PointOfSlot(slot), Is.EqualTo(exact).Or.Matches<int>(i => points[3 * i] == points[3 * exact] && points[3 * i + 1] == points[3 * exact + 1]));
            }
            else
            {
                Assert.That(slot, Is.EqualTo(-1), $"query {q}: nothing within 2 mm");
            }
        }
    }
}
