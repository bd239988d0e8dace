import { BufferGeometry, Mesh, Object3D } from 'three';
import { MeshBVH, acceleratedRaycast } from 'three-mesh-bvh';
import { diagnostics } from '../diagnostics';

/**
 * Bounding-volume trees (three-mesh-bvh) for the anatomy's meshes, so a laser's ray cast visits the few boxes it
 * crosses instead of every triangle: a pointing hand can then be cast every frame. The tree reorders each mesh's
 * index buffer (same triangles, drawn the same), and a mesh without one falls back to three's test of every triangle.
 */
export const raycastIndex = {
  /** Builds a tree for every mesh under the root and turns accelerated ray casts on; returns the triangles indexed. */
  build(root: Object3D): number {
    const started = performance.now();
    let triangles = 0;
    root.traverse(o => {
      if (!(o instanceof Mesh)) return;
      const geometry = o.geometry as BufferGeometry;
      geometry.boundsTree ??= new MeshBVH(geometry);
      o.raycast = acceleratedRaycast;
      triangles += (geometry.index?.count ?? geometry.getAttribute('position').count) / 3;
    });
    const d = diagnostics.raycast;
    d.triangles += triangles;
    d.buildMs += performance.now() - started;
    d.bvh = true;
    return triangles;
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
