// Bilateral filter over a (2rx+1)(2ry+1)(2rz+1) box, clamp-to-edge; one work item per voxel. Spatial weights per
// box offset and range weights per |ΔHU| come from the host (the same floats the CPU backend uses), and the sum runs
// in the CPU's order without fma contraction, so the two agree to rounding.
#pragma OPENCL FP_CONTRACT OFF

__kernel void bilateral_s16(__global const short* src, __global short* dst, __global const float* spatial,
                            __global const float* range, const int rangeLength, const int rx, const int ry, const int rz)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    int centre = src[((size_t)k * ny + j) * nx + i];
    float sum = 0.0f, norm = 0.0f;
    int t = 0;
    for (int c = -rz; c <= rz; c++)
    {
        int kk = clamp(k + c, 0, nz - 1);
        for (int b = -ry; b <= ry; b++)
        {
            size_t row = ((size_t)kk * ny + clamp(j + b, 0, ny - 1)) * nx;
            for (int a = -rx; a <= rx; a++, t++)
            {
                int v = src[row + clamp(i + a, 0, nx - 1)];
                int delta = (int)abs(v - centre);
                if (delta >= rangeLength) continue;
                float w = spatial[t] * range[delta];
                sum += w * (float)v;
                norm += w;
            }
        }
    }
    dst[((size_t)k * ny + j) * nx + i] = convert_short_sat_rte(sum / norm);
}
