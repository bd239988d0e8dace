// Binary threshold: 1 where low <= v <= high, else 0. One work item per voxel; count guards a padded range.
__kernel void threshold_s16(__global const short* src, __global uchar* dst, const short low, const short high, const uint count)
{
    size_t i = get_global_id(0);
    if (i >= count) return;
    short v = src[i];
    dst[i] = (v >= low && v <= high) ? (uchar)1 : (uchar)0;
}
