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
   * Builds a tree for every mesh under the roots that has none, one mesh per task after the current one, smallest
   * first, so the page stays responsive between meshes (a 0.9 M-triangle anatomy takes seconds). Each mesh casts
   * through its tree from the moment it has one. The VR view calls it when a session starts: the desktop's clicks
   * and AR do not need it, and AR guidance must not wait behind a tree being built.
   */
  build(roots: Iterable<Object3D>): void {
    const meshes = withoutTree(roots).sort((a, b) => triangles(a) - triangles(b));
    diagnostics.raycast.pending += meshes.length;
    const next = (): void => {
      const mesh = meshes.shift();
      if (!mesh) return;
      buildOne(mesh);
      diagnostics.raycast.pending--;
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  },

  /** Builds the missing trees under the roots at once (for measurements that cannot wait for {@link build}). */
  buildNow(roots: Iterable<Object3D>): void {
    for (const mesh of withoutTree(roots)) buildOne(mesh);
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

function withoutTree(roots: Iterable<Object3D>): Mesh[] {
  const meshes: Mesh[] = [];
  for (const root of roots) root.traverse(o => { if (o instanceof Mesh && !(o.geometry as BufferGeometry).boundsTree) meshes.push(o); });
  return meshes;
}

function triangles(mesh: Mesh): number {
  const geometry = mesh.geometry as BufferGeometry;
  return (geometry.index?.count ?? geometry.getAttribute('position').count) / 3;
}

function buildOne(mesh: Mesh): void {
  const geometry = mesh.geometry as BufferGeometry;
  if (geometry.boundsTree) return; // built by the other path meanwhile
  const d = diagnostics.raycast;
  const started = performance.now();
  geometry.boundsTree = new MeshBVH(geometry);
  if (d.bvh) mesh.raycast = acceleratedRaycast;
  const ms = performance.now() - started;
  d.triangles += triangles(mesh);
  d.buildMs += ms;
  d.longestBuildMs = Math.max(d.longestBuildMs, ms);
}
