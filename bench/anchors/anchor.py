#!/usr/bin/env python3
"""SurgicalNav benchmark anchors: the libraries a user would pick instead, timed in one long-lived process.

Protocol: one JSON request per line on stdin, one JSON reply per line on stdout.
  request {"op": NAME, "inputs": {...}, "params": {...}, "threads": N, "dump": PATH or null}
  reply   {"ok": true, "seconds": S, "check": {...}, "threads": M, "library": "..."} or {"ok": false, "error": "..."}
Inputs are raw little-endian files written by the C# side (the same bytes it times itself on); they are
loaded and cached before the clock starts, so only the operation is timed. Interpreter start-up and
imports happen once, before the first request.
"""
import json
import os
import subprocess
import sys
import time
import traceback

import numpy as np

_cache = {}


def load(spec):
    """spec: {"path", "dtype", "shape" (z, y, x)}; cached by path so repeats time only the operation."""
    key = spec["path"]
    if key not in _cache:
        a = np.fromfile(spec["path"], dtype=np.dtype(spec["dtype"]).newbyteorder("<"))
        _cache[key] = a.reshape(spec["shape"])
    return _cache[key]


def checksum(mask):
    idx = np.flatnonzero(mask)
    return {"count": int(idx.size), "index_sum": int(idx.sum(dtype=np.int64))}


def op_threshold(req):
    v = load(req["inputs"]["volume"])
    lo, hi = req["params"]["low"], req["params"]["high"]
    t = time.perf_counter()
    out = (v >= lo) & (v <= hi)
    s = time.perf_counter() - t
    return s, checksum(out), 1, "numpy %s" % np.__version__


def op_gaussian(req):
    import scipy
    import scipy.ndimage as ndi
    v = load(req["inputs"]["volume"])
    sig = req["params"]["sigma_vox"]  # z, y, x
    radius = req["params"]["radius_vox"]
    # scipy's radius is int(truncate * sigma + 0.5); pick truncate per axis so it equals ours (ceil(3 sigma)).
    t = time.perf_counter()
    out = v.astype(np.float32)
    for axis in range(3):
        if sig[axis] > 0:
            tr = (radius[axis]) / sig[axis]
            ndi.gaussian_filter1d(out, sig[axis], axis=axis, mode="nearest", truncate=tr, output=out)
    out = np.clip(np.rint(out), -32768, 32767).astype(np.int16)
    s = time.perf_counter() - t
    dump(req, out)
    return s, {"sum": int(out.sum(dtype=np.int64))}, 1, "scipy %s" % scipy.__version__


def op_cc(req):
    import skimage
    from skimage.measure import label
    m = load(req["inputs"]["mask"])
    t = time.perf_counter()
    lab, n = label(m, connectivity=1, return_num=True)
    s = time.perf_counter() - t
    sizes = np.bincount(lab.ravel())[1:]
    sizes.sort()
    return s, {"components": int(n), "voxels": int(sizes.sum()), "largest": int(sizes[-1]) if n else 0,
               "sizes_hash": int((sizes.astype(np.int64) * np.arange(1, n + 1, dtype=np.int64)).sum())}, 1, "scikit-image %s" % skimage.__version__


def op_edt(req):
    import scipy
    from scipy.ndimage import distance_transform_edt
    m = load(req["inputs"]["mask"])
    spacing = req["params"]["spacing_zyx"]
    t = time.perf_counter()
    d = distance_transform_edt(m == 0, sampling=spacing)
    s = time.perf_counter() - t
    dump(req, d.astype(np.float32))
    return s, {"max": float(d.max())}, 1, "scipy %s" % scipy.__version__


def ball(radius_mm, spacing_zyx):
    r = [int(np.floor(radius_mm / sp + 1e-9)) for sp in spacing_zyx]
    z, y, x = np.meshgrid(*[np.arange(-k, k + 1) for k in r], indexing="ij")
    d2 = (z * spacing_zyx[0]) ** 2 + (y * spacing_zyx[1]) ** 2 + (x * spacing_zyx[2]) ** 2
    # float32 like ours, so the sphere's rim voxels are decided the same way.
    return np.sqrt(d2.astype(np.float32)) <= np.float32(radius_mm)


def op_dilate(req):
    import scipy
    from scipy.ndimage import binary_dilation
    m = load(req["inputs"]["mask"]) != 0
    se = ball(req["params"]["radius_mm"], req["params"]["spacing_zyx"])
    t = time.perf_counter()
    out = binary_dilation(m, structure=se)
    s = time.perf_counter() - t
    return s, checksum(out), 1, "scipy %s (structuring element %s)" % (scipy.__version__, "x".join(map(str, se.shape)))


def vtk_image(arr, spacing_zyx, origin_zyx, vtk_type):
    import vtk
    from vtk.util import numpy_support
    img = vtk.vtkImageData()
    img.SetDimensions(arr.shape[2], arr.shape[1], arr.shape[0])
    img.SetSpacing(spacing_zyx[2], spacing_zyx[1], spacing_zyx[0])
    img.SetOrigin(origin_zyx[2], origin_zyx[1], origin_zyx[0])
    flat = np.ascontiguousarray(arr).ravel()
    va = numpy_support.numpy_to_vtk(flat, deep=False, array_type=vtk_type)
    img.GetPointData().SetScalars(va)
    img._keep = flat  # keep the numpy buffer alive
    return img


def vtk_threads(n):
    import vtk
    smp = vtk.vtkSMPTools
    smp.Initialize(n)
    return smp.GetBackend(), smp.GetEstimatedNumberOfThreads()


def padded_below_iso(req):
    """The CT with one voxel below the iso-value around it, so surfaces at the image border close as ours do (prepared before timing)."""
    p = req["params"]
    key = req["inputs"]["volume"]["path"] + ":padded-below-%s" % p["iso"]
    if key not in _cache:
        v = load(req["inputs"]["volume"])
        _cache[key] = np.pad(v, 1, constant_values=max(-32768, min(int(v.min()), int(np.ceil(p["iso"])) - 1)))
    sp = p["spacing_zyx"]
    return _cache[key], sp, [o - s for o, s in zip(p["origin_zyx"], sp)]


def op_flying_edges(req):
    import vtk
    p = req["params"]
    v, sp, origin = padded_below_iso(req)
    backend, threads = vtk_threads(req["threads"])
    img = vtk_image(v, sp, origin, vtk.VTK_SHORT)
    fe = vtk.vtkFlyingEdges3D()
    fe.SetInputData(img)
    fe.SetValue(0, p["iso"])
    fe.ComputeNormalsOff()
    fe.ComputeGradientsOff()
    fe.ComputeScalarsOff()
    t = time.perf_counter()
    fe.Update()
    s = time.perf_counter() - t
    return s, {"triangles": int(fe.GetOutput().GetNumberOfCells()), "vertices": int(fe.GetOutput().GetNumberOfPoints())}, threads, "VTK %s vtkFlyingEdges3D (SMP %s)" % (vtk.vtkVersion.GetVTKVersion(), backend)


def op_marching_cubes(req):
    import skimage
    from skimage.measure import marching_cubes
    p = req["params"]
    v, sp, _ = padded_below_iso(req)
    t = time.perf_counter()
    verts, faces, _, _ = marching_cubes(v, level=p["iso"], spacing=tuple(sp), allow_degenerate=True)
    s = time.perf_counter() - t
    return s, {"triangles": int(len(faces)), "vertices": int(len(verts))}, 1, "scikit-image %s marching_cubes" % skimage.__version__


def op_discrete_flying_edges(req):
    import vtk
    lab = load(req["inputs"]["labels"])
    p = req["params"]
    backend, threads = vtk_threads(req["threads"])
    # One background voxel around the grid, so surfaces at the grid edge close as ours do (prepared before timing).
    key = req["inputs"]["labels"]["path"] + ":padded"
    if key not in _cache:
        _cache[key] = np.pad(lab, 1)
    padded = _cache[key]
    sp = p["spacing_zyx"]
    origin = [o - s for o, s in zip(p["origin_zyx"], sp)]
    img = vtk_image(padded, sp, origin, vtk.VTK_UNSIGNED_CHAR)
    per_label = {}
    total = 0.0
    tri = 0
    # One label per filter run gives each label its own closed surface, like ours (and a per-label count).
    for value in p["labels"]:
        fe = vtk.vtkDiscreteFlyingEdges3D()
        fe.SetInputData(img)
        fe.SetValue(0, value)
        fe.ComputeNormalsOff()
        fe.ComputeGradientsOff()
        fe.ComputeScalarsOff()
        t = time.perf_counter()
        fe.Update()
        total += time.perf_counter() - t
        n = int(fe.GetOutput().GetNumberOfCells())
        per_label[str(value)] = n
        tri += n
    return total, {"triangles": tri, "per_label": per_label}, threads, "VTK %s vtkDiscreteFlyingEdges3D (SMP %s)" % (vtk.vtkVersion.GetVTKVersion(), backend)


def polydata(positions, indices):
    import vtk
    from vtk.util import numpy_support
    pts = vtk.vtkPoints()
    pts.SetData(numpy_support.numpy_to_vtk(positions.reshape(-1, 3).astype(np.float32), deep=True))
    tri = indices.reshape(-1, 3).astype(np.int64)
    cells = np.hstack([np.full((tri.shape[0], 1), 3, np.int64), tri]).ravel()
    ca = vtk.vtkCellArray()
    ca.SetCells(tri.shape[0], numpy_support.numpy_to_vtkIdTypeArray(cells, deep=True))
    pd = vtk.vtkPolyData()
    pd.SetPoints(pts)
    pd.SetPolys(ca)
    return pd


def op_quadric_decimation(req):
    import vtk
    pos = load(req["inputs"]["positions"])
    idx = load(req["inputs"]["indices"])
    pd = polydata(pos, idx)
    q = vtk.vtkQuadricDecimation()
    q.SetInputData(pd)
    q.SetTargetReduction(req["params"]["reduction"])
    t = time.perf_counter()
    q.Update()
    s = time.perf_counter() - t
    return s, {"triangles_in": int(pd.GetNumberOfCells()), "triangles": int(q.GetOutput().GetNumberOfCells())}, 1, "VTK %s vtkQuadricDecimation" % vtk.vtkVersion.GetVTKVersion()


def op_icp(req):
    import open3d as o3d
    src = load(req["inputs"]["source"]).reshape(-1, 3).astype(np.float64)
    dst = load(req["inputs"]["target"]).reshape(-1, 3).astype(np.float64)
    p = req["params"]
    o3d.utility.set_verbosity_level(o3d.utility.VerbosityLevel.Error)
    a = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(src))
    b = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(dst))
    if "normals" in req["inputs"]:
        # The same normals our side uses (from the target surface), so both solve the same problem.
        b.normals = o3d.utility.Vector3dVector(load(req["inputs"]["normals"]).reshape(-1, 3).astype(np.float64))
    else:
        b.estimate_normals(o3d.geometry.KDTreeSearchParamKNN(p["normal_knn"]))
    t = time.perf_counter()
    r = o3d.pipelines.registration.registration_icp(
        a, b, p["max_distance_mm"], np.eye(4),
        o3d.pipelines.registration.TransformationEstimationPointToPlane(),
        # relative_fitness/rmse 0 turn off Open3D's early stop, so it runs exactly as many iterations as ours.
        o3d.pipelines.registration.ICPConvergenceCriteria(relative_fitness=0.0, relative_rmse=0.0, max_iteration=p["iterations"]))
    s = time.perf_counter() - t
    return s, {"rmse_mm": float(r.inlier_rmse), "fitness": float(r.fitness),
               "transform": np.asarray(r.transformation).ravel().tolist()}, int(os.environ.get("OMP_NUM_THREADS", "0")), "Open3D %s point-to-plane ICP" % o3d.__version__


def op_gdcm_read(req):
    import gdcm
    files = req["inputs"]["files"]
    t = time.perf_counter()
    total = 0
    stored_sum = 0
    for f in files:
        r = gdcm.ImageReader()
        r.SetFileName(f)
        if not r.Read():
            raise RuntimeError("GDCM could not read " + f)
        buf = r.GetImage().GetBuffer()
        # GDCM's Python binding hands the pixel bytes over as a str; surrogateescape gives back the exact bytes.
        raw = buf.encode("utf-8", errors="surrogateescape") if isinstance(buf, str) else buf
        arr = np.frombuffer(raw, dtype=np.uint16)
        total += int(arr.size)
        # The check sum is taken off the clock so it does not slow GDCM's side.
        pause = time.perf_counter()
        stored_sum += int(arr.sum(dtype=np.int64))
        t += time.perf_counter() - pause
    s = time.perf_counter() - t
    return s, {"voxels": total, "stored_sum": stored_sum}, 1, "GDCM %s (python3-gdcm, ImageReader per file, one thread)" % gdcm.Version.GetVersion()


def op_pydicom_read(req):
    import pydicom
    files = req["inputs"]["files"]
    t = time.perf_counter()
    slices = [pydicom.dcmread(f) for f in files]
    vol = np.stack([s.pixel_array for s in slices]).astype(np.int16)
    vol = vol * np.int16(slices[0].RescaleSlope) + np.int16(slices[0].RescaleIntercept)
    s = time.perf_counter() - t
    return s, {"voxels": int(vol.size), "sum": int(vol.sum(dtype=np.int64))}, 1, "pydicom %s" % pydicom.__version__


def op_cat(req):
    files = req["inputs"]["files"]
    t = time.perf_counter()
    subprocess.run(["cat"] + files, stdout=subprocess.DEVNULL, check=True)
    s = time.perf_counter() - t
    return s, {"files": len(files)}, 1, "cat (one process; its ~1 ms start-up is included)"


def dump(req, arr):
    path = req.get("dump")
    if path:
        np.ascontiguousarray(arr).tofile(path)


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


def main():
    # Imports that the ops need are warmed here, so their cost is start-up, not operation time.
    for mod in ("scipy.ndimage", "skimage.measure", "vtk", "open3d", "gdcm", "pydicom"):
        try:
            __import__(mod)
        except Exception:
            pass
    print(json.dumps({"ok": True, "ready": True, "ops": sorted(OPS)}), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            fn = OPS.get(req["op"])
            if fn is None:
                raise KeyError("unknown anchor op '%s'; known: %s" % (req["op"], ", ".join(sorted(OPS))))
            s, check, threads, library = fn(req)
            reply = {"ok": True, "seconds": s, "check": check, "threads": threads, "library": library}
        except Exception as e:  # a failing anchor is reported on its row, the others go on
            reply = {"ok": False, "error": "%s: %s" % (type(e).__name__, e), "trace": traceback.format_exc()[-2000:]}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
