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
}
