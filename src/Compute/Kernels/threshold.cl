// Binary threshold: 1 where low <= v <= high, else 0. One work item per voxel; count guards a padded range.
__kernel void threshold_s16(__global const short* src, __global uchar* dst, const short low, const short high, const uint count)
{
    size_t i = get_global_id(0);
    if (i >= count) return;
    short v = src[i];
    dst[i] = (v >= low && v <= high) ? (uchar)1 : (uchar)0;
}

// Multi-band threshold: label b+1 for the first band (bands do not overlap) holding the voxel, else 0.
__kernel void threshold_bands_s16(__global const short* src, __global uchar* dst, __global const short* lows, __global const short* highs, const int bandCount)
{
    size_t i = get_global_id(0);
    short v = src[i];
    uchar label = 0;
    for (int b = 0; b < bandCount; b++)
    {
        if (v >= lows[b] && v <= highs[b]) { label = (uchar)(b + 1); break; }
    }
    dst[i] = label;
}
