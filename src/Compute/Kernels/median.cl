// Median over a (2rx+1)(2ry+1)(2rz+1) box (at most 125 voxels), clamp-to-edge; one work item per voxel.
// Selection by repeated minimum up to the middle: the order statistic is unique, so it equals the CPU's quickselect.
__kernel void median_s16(__global const short* src, __global short* dst, const int rx, const int ry, const int rz)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    short w[125];
    int n = 0;
    for (int c = -rz; c <= rz; c++)
    {
        int kk = clamp(k + c, 0, nz - 1);
        for (int b = -ry; b <= ry; b++)
        {
            size_t row = ((size_t)kk * ny + clamp(j + b, 0, ny - 1)) * nx;
            for (int a = -rx; a <= rx; a++) w[n++] = src[row + clamp(i + a, 0, nx - 1)];
        }
    }
    int mid = n / 2;
    for (int p = 0; p <= mid; p++)
    {
        int best = p;
        for (int q = p + 1; q < n; q++) if (w[q] < w[best]) best = q;
        short t = w[p]; w[p] = w[best]; w[best] = t;
    }
    dst[((size_t)k * ny + j) * nx + i] = w[mid];
}
