// Exact anisotropic squared EDT (Felzenszwalb-Huttenlocher), one work item per line along one axis.
// Same float operations in the same order as the CPU's LowerEnvelope; the program is built with
// -cl-fp32-correctly-rounded-divide-sqrt and FP_CONTRACT OFF, so results are bit-identical to the CPU.
#pragma OPENCL FP_CONTRACT OFF

__kernel void edt_init(__global const uchar* mask, __global float* f, const int toSet)
{
    size_t n = get_global_id(0);
    int set = mask[n] != 0;
    f[n] = set == toSet ? 0.0f : INFINITY;
}

__kernel void edt_pass(__global float* f, __global float* tmp, __global int* vbuf, __global float* zbuf,
                       const int axis, const float w, const int nx, const int ny, const int nz)
{
    int a = get_global_id(0), b = get_global_id(1);
    size_t base, line;
    int stride, n;
    if (axis == 0)      { line = (size_t)b * ny + a; base = line * nx;                   stride = 1;       n = nx; }
    else if (axis == 1) { line = (size_t)b * nx + a; base = (size_t)b * nx * ny + a;      stride = nx;      n = ny; }
    else                { line = (size_t)b * nx + a; base = (size_t)b * nx + a;           stride = nx * ny; n = nz; }
    __global float* t = tmp + line * n;
    __global int* v = vbuf + line * n;
    __global float* z = zbuf + line * (size_t)(n + 1);
    for (int q = 0; q < n; q++) t[q] = f[base + (size_t)q * stride];

    int count = -1;
    for (int q = 0; q < n; q++)
    {
        if (isinf(t[q])) continue;
        float fq = t[q] + w * q * q;
        while (count >= 0)
        {
            int p = v[count];
            float s = (fq - (t[p] + w * p * p)) / (2 * w * (q - p));
            if (s <= z[count]) count--;
            else { count++; v[count] = q; z[count] = s; break; }
        }
        if (count < 0) { count = 0; v[0] = q; z[0] = -INFINITY; }
        z[count + 1] = INFINITY;
    }
    if (count < 0) return;
    int e = 0;
    for (int q = 0; q < n; q++)
    {
        while (z[e + 1] < q) e++;
        int p = v[e];
        float dq = q - p;
        f[base + (size_t)q * stride] = w * dq * dq + t[p];
    }
}

__kernel void edt_sqrt(__global float* f)
{
    size_t n = get_global_id(0);
    f[n] = sqrt(f[n]);
}

__kernel void edt_signed(__global const uchar* mask, __global float* outside, __global const float* inside)
{
    size_t n = get_global_id(0);
    outside[n] = mask[n] != 0 ? -sqrt(inside[n]) : sqrt(outside[n]);
}

__kernel void morph_dilate(__global const float* d2, __global uchar* dst, const float r2)
{
    size_t n = get_global_id(0);
    dst[n] = d2[n] <= r2 ? (uchar)1 : (uchar)0;
}

__kernel void morph_erode(__global const uchar* src, __global const float* d2, __global uchar* dst, const float r2)
{
    size_t n = get_global_id(0);
    dst[n] = (src[n] != 0 && d2[n] > r2) ? (uchar)1 : (uchar)0;
}
