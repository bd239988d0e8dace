import { BufferGeometry, Mesh, Object3D } from 'three';
import { MeshBVH, acceleratedRaycast } from 'three-mesh-bvh';
import { diagnostics } from '../diagnostics';

/**
 * Bounding-volume trees (three-mesh-bvh) for the anatomy's meshes, so a laser's ray cast visits the few boxes it
 * crosses instead of every triangle: a pointing hand can then be cast every frame. The tree reorders each mesh's
 * index buffer (same triangles, drawn the same), and a mesh without one falls back to three's test of every triangle.
 */
export const raycastIndex = {
  /**
   * Builds a tree for every mesh under the root, one mesh per task after the current one, smallest first, so the
   * anatomy is drawn before the trees are built and the page stays responsive between meshes (a 0.9 M-triangle
   * anatomy takes seconds). Each mesh casts through its tree from the moment it has one.
   */
  build(root: Object3D): void {
    const meshes: Mesh[] = [];
    root.traverse(o => { if (o instanceof Mesh) meshes.push(o); });
    const size = (m: Mesh): number => ((m.geometry as BufferGeometry).index?.count ?? (m.geometry as BufferGeometry).getAttribute('position').count) / 3;
    meshes.sort((a, b) => size(a) - size(b));
    const d = diagnostics.raycast;
    d.pending += meshes.length;
    const next = (): void => {
      const mesh = meshes.shift();
      if (!mesh) return;
      const started = performance.now();
      const geometry = mesh.geometry as BufferGeometry;
      geometry.boundsTree ??= new MeshBVH(geometry);
      if (d.bvh) mesh.raycast = acceleratedRaycast;
      d.triangles += size(mesh);
      const ms = performance.now() - started;
      d.buildMs += ms;
      d.longestBuildMs = Math.max(d.longestBuildMs, ms);
      d.pending--;
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  },

  /**
   * Switches every mesh under the root between the tree (true) and three's test of every triangle (false). For
   * measuring what the tree saves and checking both give the same hits; the client itself never turns it off.
   */
  use(root: Object3D, on: boolean): void {
    root.traverse(o => {
      if (o instanceof Mesh && (o.geometry as BufferGeometry).boundsTree) o.raycast = on ? acceleratedRaycast : Mesh.prototype.raycast;
    });
    diagnostics.raycast.bvh = on;
  },

  /** Records the ray-cast time of one frame (ms) and the casts made in it. */
  recordFrame(ms: number, casts: number): void {
    const d = diagnostics.raycast;
    d.frameMs.push(ms);
    if (d.frameMs.length > 240) d.frameMs.shift();
    d.castsPerFrame = casts;
  },
};
