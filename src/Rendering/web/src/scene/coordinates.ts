import { Vector3 } from 'three';
import type { Vec3 } from '../net/protocol';

/**
 * Patient LPS millimetres to glTF metres with +Y up: (x, y, z)_gltf = (x_lps, z_lps, -y_lps) / 1000.
 * This is the client's mirror of C# `GltfCoordinates.LpsMmToGltfM`, which wrote anatomy.glb; the two
 * must stay identical or the plan drifts off the anatomy. It is the only place the client converts.
 */
export function lpsMmToGltfM(p: Vec3, out: Vector3 = new Vector3()): Vector3 {
  return out.set(p[0] / 1000, p[2] / 1000, -p[1] / 1000);
}

/** glTF metres (+Y up) back to patient LPS millimetres: the inverse of {@link lpsMmToGltfM}. */
export function gltfMToLpsMm(p: Vector3): Vec3 {
  return [p.x * 1000, -p.z * 1000, p.y * 1000];
}

/** A patient LPS direction to the glTF frame (+Y up), unscaled: the rotation part of {@link lpsMmToGltfM}. */
export function lpsDirToGltf(d: Vec3, out: Vector3 = new Vector3()): Vector3 {
  return out.set(d[0], d[2], -d[1]);
}

/** A glTF-frame direction back to patient LPS: the inverse of {@link lpsDirToGltf}. */
export function gltfDirToLps(d: Vector3): Vec3 {
  return [d.x, -d.z, d.y];
}
