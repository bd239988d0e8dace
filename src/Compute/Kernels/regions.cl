// Region operations: hole filling and seeded growing on top of ccl.cl's canonical labels, masked statistics,
// and GrowCut as a parallel shortest-path relaxation.

__kernel void invert_mask(__global const uchar* mask, __global uchar* inverted)
{
    size_t n = get_global_id(0);
    inverted[n] = mask[n] == 0 ? 1 : 0;
}

// Marks the components (by label - 1, their first voxel) that reach the grid's faces (3D) or the slice's edges (planar).
__kernel void mark_edge_components(__global const int* label, __global uchar* reaches, const int planar)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    bool edge = i == 0 || j == 0 || i == nx - 1 || j == ny - 1 || (!planar && (k == 0 || k == nz - 1));
    if (!edge) return;
    int l = label[((size_t)k * ny + j) * nx + i];
    if (l != 0) reaches[l - 1] = 1;
}

__kernel void fill_unreached(__global const uchar* mask, __global const int* label, __global const uchar* reaches, __global uchar* dst)
{
    size_t n = get_global_id(0);
    int l = label[n];
    dst[n] = mask[n] != 0 || (l != 0 && reaches[l - 1] == 0) ? 1 : 0;
}

__kernel void band_candidates(__global const short* image, __global const uchar* constraint, __global uchar* dst,
                              const short low, const short high, const int constrained)
{
    size_t n = get_global_id(0);
    short v = image[n];
    dst[n] = v >= low && v <= high && (!constrained || constraint[n] != 0) ? 1 : 0;
}

__kernel void keep_labels(__global const int* label, __global const int* kept, const int keptCount, __global uchar* dst)
{
    size_t n = get_global_id(0);
    int l = label[n];
    uchar hit = 0;
    if (l != 0) for (int s = 0; s < keptCount; s++) if (kept[s] == l) { hit = 1; break; }
    dst[n] = hit;
}

// One work item per row (y, z): exact 64-bit count, sum and sum of squares of the voxels under the mask.
__kernel void masked_sums(__global const short* image, __global const uchar* mask, __global long* sums, const int nx)
{
    size_t row = get_global_id(1) * get_global_size(0) + get_global_id(0);
    size_t start = row * (size_t)nx;
    long count = 0, sum = 0, sum2 = 0;
    for (int i = 0; i < nx; i++)
    {
        if (mask[start + i] == 0) continue;
        long x = image[start + i];
        count++; sum += x; sum2 += x * x;
    }
    sums[3 * row] = count;
    sums[3 * row + 1] = sum;
    sums[3 * row + 2] = sum2;
}

// GrowCut key: geodesic distance << 8 | label, so the lexicographic (distance, label) minimum is one unsigned minimum
// that a work item writes in one 32-bit store. 0xFFFFFFFF = not reached.
__kernel void growcut_init(__global const uchar* seeds, __global uint* key)
{
    size_t n = get_global_id(0);
    key[n] = seeds[n] == 255 ? 0xFFFFFFFFu : (uint)seeds[n];
}

// Relaxes each voxel from its six neighbours in place; keys only fall, so reading a neighbour's newer key is safe.
__kernel void growcut_relax(__global const short* image, __global uint* key, __global int* changed, const uint maxDistance)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    size_t n = ((size_t)k * ny + j) * nx + i;
    uint own = key[n], best = own;
    int value = image[n];
    size_t slice = (size_t)nx * ny;
    for (int q = 0; q < 6; q++)
    {
        size_t m;
        if (q == 0) { if (i == 0) continue; m = n - 1; }
        else if (q == 1) { if (i == nx - 1) continue; m = n + 1; }
        else if (q == 2) { if (j == 0) continue; m = n - nx; }
        else if (q == 3) { if (j == ny - 1) continue; m = n + nx; }
        else if (q == 4) { if (k == 0) continue; m = n - slice; }
        else { if (k == nz - 1) continue; m = n + slice; }
        uint other = key[m];
        if (other == 0xFFFFFFFFu) continue;
        uint d = (other >> 8) + 1u + min((uint)abs(image[m] - value), 254u);
        if (d > maxDistance) continue;
        uint candidate = (d << 8) | (other & 255u);
        if (candidate < best) best = candidate;
    }
    if (best < own)
    {
        key[n] = best;
        *changed = 1;
    }
}

__kernel void growcut_labels(__global const uint* key, __global uchar* labels)
{
    size_t n = get_global_id(0);
    uint k = key[n];
    labels[n] = k == 0xFFFFFFFFu ? 0 : (uchar)(k & 255u);
}

__kernel void fill_zero(__global uchar* buffer)
{
    buffer[get_global_id(0)] = 0;
}
