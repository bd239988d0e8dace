// Explicit Pennes bioheat step with Arrhenius damage (issue 7). One work item per voxel; the same float
// formula, in the same order, as CpuBackend.Bioheat. Grid faces are insulated (a missing neighbour is the voxel).
__kernel void bioheat_step(__global const float* t, __global float* o, __global const float* d, __global const float* perf,
                           __global const float* src, __global const uchar* fixedMask, __global float* omega,
                           const int nx, const int ny, const int nz, const float ihx, const float ihy, const float ihz,
                           const float dt, const float ta, const float lnA, const float eaOverR, const float tMax, const int shutdown)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int slice = nx * ny;
    int n = k * slice + j * nx + i;
    float tc = t[n];
    float om = omega[n];
    omega[n] = om + dt * exp(lnA - eaOverR / (tc + 273.15f));
    if (fixedMask[n] != 0) { o[n] = tc; return; }
    int xm = i > 0 ? n - 1 : n, xp = i < nx - 1 ? n + 1 : n;
    int ym = j > 0 ? n - nx : n, yp = j < ny - 1 ? n + nx : n;
    int zm = k > 0 ? n - slice : n, zp = k < nz - 1 ? n + slice : n;
    float dc = d[n];
    float fx = 0.5f * (dc + d[xp]) * (t[xp] - tc) + 0.5f * (dc + d[xm]) * (t[xm] - tc);
    float fy = 0.5f * (dc + d[yp]) * (t[yp] - tc) + 0.5f * (dc + d[ym]) * (t[ym] - tc);
    float fz = 0.5f * (dc + d[zp]) * (t[zp] - tc) + 0.5f * (dc + d[zm]) * (t[zm] - tc);
    float perfusion = shutdown != 0 ? perf[n] * exp(-om) : perf[n];
    float rate = ihx * fx + ihy * fy + ihz * fz + perfusion * (ta - tc) + src[n];
    o[n] = fmin(tc + dt * rate, tMax);
}
