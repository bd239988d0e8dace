// Separable Gaussian, one axis per launch over the global range (nx, ny, nz), clamp-to-edge borders.
// Contraction into fma is off so that the sums match the CPU backend's multiply-then-add order closely.
#pragma OPENCL FP_CONTRACT OFF

inline void axis_walk(int axis, size_t* base, int* stride, int* n, int* pos)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    size_t index = ((size_t)k * ny + j) * nx + i;
    if (axis == 0)      { *stride = 1;       *n = nx; *pos = i; }
    else if (axis == 1) { *stride = nx;      *n = ny; *pos = j; }
    else                { *stride = nx * ny; *n = nz; *pos = k; }
    *base = index - (size_t)(*pos) * (size_t)(*stride);
}

__kernel void gauss_s16_f32(__global const short* src, __global float* dst, __constant float* w, const int radius, const int axis)
{
    size_t base; int stride, n, pos;
    axis_walk(axis, &base, &stride, &n, &pos);
    float acc = 0.0f;
    for (int t = -radius; t <= radius; t++)
        acc += w[t + radius] * (float)src[base + (size_t)clamp(pos + t, 0, n - 1) * stride];
    dst[base + (size_t)pos * stride] = acc;
}

__kernel void gauss_f32_f32(__global const float* src, __global float* dst, __constant float* w, const int radius, const int axis)
{
    size_t base; int stride, n, pos;
    axis_walk(axis, &base, &stride, &n, &pos);
    float acc = 0.0f;
    for (int t = -radius; t <= radius; t++)
        acc += w[t + radius] * src[base + (size_t)clamp(pos + t, 0, n - 1) * stride];
    dst[base + (size_t)pos * stride] = acc;
}

__kernel void gauss_f32_s16(__global const float* src, __global short* dst, __constant float* w, const int radius, const int axis)
{
    size_t base; int stride, n, pos;
    axis_walk(axis, &base, &stride, &n, &pos);
    float acc = 0.0f;
    for (int t = -radius; t <= radius; t++)
        acc += w[t + radius] * src[base + (size_t)clamp(pos + t, 0, n - 1) * stride];
    dst[base + (size_t)pos * stride] = convert_short_sat_rte(acc);
}
