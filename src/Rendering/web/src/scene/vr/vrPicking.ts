import { Group, Intersection, Object3D, Raycaster, Vector3 } from 'three';
import type { RayRequest, Vec3 } from '../../net/protocol';
import { diagnostics } from '../../diagnostics';
import { gltfMToLpsMm } from '../coordinates';
import { raycastIndex } from '../raycastIndex';
import type { ControllerClip } from './clipping';

/** Segments a target pick passes through (see-through skin); entry picks land on them. */
const skinNames = /body|skin/i;

/**
 * The laser's ray casts against the anatomy: the first visible organ surface for a target, the skin for an entry,
 * nothing the clipping plane cut away. Casts go through the bounding-volume trees (see raycastIndex), and their
 * time is summed per frame for the diagnostics.
 */
export class VrPicking {
  private frameMs = 0;
  private frameCasts = 0;

  constructor(
    private readonly patient: Group,
    private readonly segments: ReadonlyMap<string, Object3D>,
    private readonly clip: ControllerClip,
  ) {}

  /** The nearest pickable surface along the ray for the mode: organs for a target, skin or body for an entry. */
  surface(ray: Raycaster, which: 'entry' | 'target'): Intersection | null {
    const started = performance.now();
    const candidates = [...this.segments].filter(([name, o]) => o.visible && (which === 'entry') === skinNames.test(name)).map(([, o]) => o);
    const hits = ray.intersectObjects(candidates, true);
    // With the clipping plane on, what it cut away cannot be picked.
    const hit = hits.find(h => !this.clip.on || this.clip.plane.distanceToPoint(h.point) >= 0) ?? null;
    this.frameMs += performance.now() - started;
    this.frameCasts++;
    return hit;
  }

  /** Records this frame's ray-cast time and count in the page diagnostics and starts the next frame's sum. */
  endFrame(): void {
    raycastIndex.recordFrame(this.frameMs, this.frameCasts);
    this.frameMs = 0;
    this.frameCasts = 0;
  }

  /** Starts building the anatomy's bounding-volume trees (when a VR session starts). */
  buildTrees(): void {
    raycastIndex.build(this.segments.values());
  }

  /** Casts through the bounding-volume trees (true) or test every triangle (false), to measure what the trees save. */
  useTrees(on: boolean): void {
    for (const root of this.segments.values()) raycastIndex.use(root, on);
  }

  /** A world-space ray in the patient frame (LPS mm), as the server takes it. */
  toPatient(ray: Raycaster): RayRequest {
    this.patient.updateMatrixWorld(true);
    const origin = this.patient.worldToLocal(ray.ray.origin.clone());
    const ahead = this.patient.worldToLocal(ray.ray.origin.clone().add(ray.ray.direction));
    const o = gltfMToLpsMm(origin), a = gltfMToLpsMm(ahead);
    return { originMm: o, direction: [a[0] - o[0], a[1] - o[1], a[2] - o[2]] };
  }

  /** A world point (m) in patient LPS mm. */
  toLps(worldM: Vector3): Vec3 {
    this.patient.updateMatrixWorld(true);
    return gltfMToLpsMm(this.patient.worldToLocal(worldM.clone()));
  }

  /**
   * Target picks along world rays with the trees on or off (each ray from origin along direction, metres): the hit
   * points (world m) and the time all casts took (ms). For the tests that check the tree changes no pick.
   */
  castRays(rays: { origin: Vec3; direction: Vec3 }[], bvh: boolean): { hits: (Vec3 | null)[]; ms: number } {
    raycastIndex.buildNow(this.segments.values());
    const was = diagnostics.raycast.bvh;
    this.useTrees(bvh);
    const caster = new Raycaster();
    caster.far = Infinity;
    const started = performance.now();
    const hits = rays.map(r => {
      caster.set(new Vector3(...r.origin), new Vector3(...r.direction).normalize());
      const hit = this.surface(caster, 'target');
      return hit ? (hit.point.toArray() as Vec3) : null;
    });
    const ms = performance.now() - started;
    this.useTrees(was);
    this.frameMs = 0;
    this.frameCasts = 0;
    return { hits, ms };
  }
}
