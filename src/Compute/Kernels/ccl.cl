// Connected components by label equivalence (Hawick et al.): each set voxel starts with 1 + its own index;
// scan lowers the label of each voxel's root to the smallest neighbouring label, jump compresses every path.
// At convergence each component holds 1 + the index of its first voxel, exactly the CPU's canonical label.
__kernel void ccl_init(__global const uchar* mask, __global int* label)
{
    size_t n = get_global_id(0);
    label[n] = mask[n] != 0 ? (int)n + 1 : 0;
}

__kernel void ccl_scan(__global int* label, const int connectivity, __global int* changed)
{
    int i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    int nx = get_global_size(0), ny = get_global_size(1), nz = get_global_size(2);
    size_t n = ((size_t)k * ny + j) * nx + i;
    int own = label[n];
    if (own == 0) return;
    int best = own;
    for (int c = -1; c <= 1; c++)
    for (int b = -1; b <= 1; b++)
    for (int a = -1; a <= 1; a++)
    {
        int order = abs(a) + abs(b) + abs(c);
        // 4: in-plane (axial slice) 4-connectivity, for slice-by-slice operations.
        if (order == 0 || (connectivity <= 6 && order > 1) || (connectivity == 18 && order > 2) || (connectivity == 4 && c != 0)) continue;
        int ii = i + a, jj = j + b, kk = k + c;
        if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
        int other = label[((size_t)kk * ny + jj) * nx + ii];
        if (other != 0 && other < best) best = other;
    }
    if (best < own)
    {
        atomic_min(&label[own - 1], best);
        atomic_min(&label[n], best);
        *changed = 1;
    }
}

__kernel void ccl_jump(__global int* label)
{
    size_t n = get_global_id(0);
    int l = label[n];
    if (l == 0) return;
    int next = label[l - 1];
    while (next != l)
    {
        l = next;
        next = label[l - 1];
    }
    label[n] = l;
}
