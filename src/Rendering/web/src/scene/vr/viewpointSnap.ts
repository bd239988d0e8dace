import { BackSide, Matrix4, Mesh, MeshBasicMaterial, Quaternion, SphereGeometry, Vector3 } from 'three';
import type { Object3D, PerspectiveCamera, WebGLRenderer } from 'three';
import { offsetReferenceSpace } from '../../xr/referenceSpace';
import type { RoomViewpoint } from '../classroomLayer';
import { headPose } from '../xrHead';

/** Fade to black before the move, in ms. */
const fadeOutMs = 150;
/** Fade back in after it, in ms. */
const fadeInMs = 250;

/** What the snap reports, for the tests (window.__surgicalnavClassroom.snap). */
export interface SnapDiagnostics {
  /** Moves made since the page loaded. */
  count: number;
  /** True while fading out, moving or fading in. */
  busy: boolean;
  /** performance.now() of the last move, 0 before the first. */
  lastMoveAtMs: number;
  /** A room point (three's world frame, m) in the headset's own tracking space, which the snaps have moved the room in. */
  trackingFromRoom: (roomM: number[]) => number[];
}

/**
 * Moves a headset user to another viewpoint the comfortable way: a short fade to black, one jump, a fade back in.
 * The jump is an offset of the session's reference space (XRReferenceSpace.getOffsetReferenceSpace), so head tracking
 * goes on untouched. It sets the eye's position and heading (the turn about the vertical); pitch and roll stay the
 * user's own, because a tilted horizon that the head did not tilt is what makes people sick. Objects that belong to the
 * user rather than the scene (the VR panel, the floor grid) move along with the user.
 */
export class ViewpointSnap {
  readonly diagnostics: SnapDiagnostics = {
    count: 0, busy: false, lastMoveAtMs: 0, trackingFromRoom: p => new Vector3(p[0], p[1], p[2]).applyMatrix4(this.offset).toArray(),
  };
  private readonly veil: Mesh;
  private base: XRReferenceSpace | null = null;
  /** The current reference space's origin in the base space (rigid: a turn about +y and a translation). */
  private readonly offset = new Matrix4();
  private pending: { target: RoomViewpoint; startedAt: number; movedAt: number } | null = null;
  /** Where the carried objects were when the session began, to put them back when it ends. */
  private carriedAtBegin: Matrix4[] = [];

  constructor(
    private readonly renderer: WebGLRenderer,
    private readonly camera: PerspectiveCamera,
    private readonly carried: readonly Object3D[],
  ) {
    this.veil = new Mesh(new SphereGeometry(0.3, 16, 12), new MeshBasicMaterial({ color: 0x000000, side: BackSide, transparent: true, opacity: 0, depthTest: false, depthWrite: false }));
    this.veil.name = 'snap-veil';
    this.veil.renderOrder = 1000;
    this.veil.visible = false;
    camera.add(this.veil);
  }

  /** Call after an immersive session started: remembers its own reference space, the one offsets are taken from. */
  begin(): void {
    this.base = this.renderer.xr.getReferenceSpace();
    this.offset.identity();
    this.pending = null;
    this.carriedAtBegin = this.carried.map(o => o.matrix.clone());
    this.setVeil(0);
  }

  /** Call when the session ended. */
  end(): void {
    this.base = null;
    this.pending = null;
    this.diagnostics.busy = false;
    this.carriedAtBegin.forEach((m, i) => m.decompose(this.carried[i].position, this.carried[i].quaternion, this.carried[i].scale));
    this.carriedAtBegin = [];
    this.setVeil(0);
  }

  /** Starts a move to `target` (room frame, as the scene is now); a move already under way takes the newer target. */
  request(target: RoomViewpoint): void {
    if (!this.base) return;
    if (this.pending && this.pending.movedAt === 0) this.pending.target = target;
    else this.pending = { target, startedAt: performance.now(), movedAt: 0 };
    this.diagnostics.busy = true;
  }

  /** Per-frame animation: fade out, jump once fully dark, fade in. */
  update(): void {
    const p = this.pending;
    if (!p) return;
    const now = performance.now();
    if (p.movedAt === 0) {
      const t = (now - p.startedAt) / fadeOutMs;
      this.setVeil(Math.min(t, 1));
      if (t < 1) return;
      this.move(p.target);
      p.movedAt = now;
      return;
    }
    const t = (now - p.movedAt) / fadeInMs;
    this.setVeil(Math.max(1 - t, 0));
    if (t >= 1) {
      this.pending = null;
      this.diagnostics.busy = false;
    }
  }

  private move(target: RoomViewpoint): void {
    const head = headPose(this.renderer, this.camera);
    const turn = heading(target.forward) - heading(new Vector3(0, 0, -1).applyQuaternion(head.quaternion));
    // D takes the head from where it is to the target: turn about the vertical through the head, then carry it over.
    const d = new Matrix4().makeTranslation(target.position.x, target.position.y, target.position.z)
      .multiply(new Matrix4().makeRotationY(turn))
      .multiply(new Matrix4().makeTranslation(-head.position.x, -head.position.y, -head.position.z));
    // A pose seen in the new space is D times the same pose in the old one, so the new origin offset is offset · D⁻¹.
    this.offset.multiply(d.clone().invert());
    const position = new Vector3(), orientation = new Quaternion(), scale = new Vector3();
    this.offset.decompose(position, orientation, scale);
    this.renderer.xr.setReferenceSpace(offsetReferenceSpace(this.base!, position, orientation));
    for (const o of this.carried) {
      o.updateMatrixWorld();
      d.clone().multiply(o.matrixWorld).decompose(o.position, o.quaternion, o.scale); // carried objects hang off the scene
    }
    this.diagnostics.count++;
    this.diagnostics.lastMoveAtMs = performance.now();
  }

  private setVeil(opacity: number): void {
    (this.veil.material as MeshBasicMaterial).opacity = opacity;
    this.veil.visible = opacity > 0;
  }
}

/** The heading of a viewing direction in radians: its turn about +y from looking down −z (0 when looking straight up or down). */
export function heading(forward: Vector3): number {
  const horizontal = Math.hypot(forward.x, forward.z);
  return horizontal < 1e-6 ? 0 : Math.atan2(-forward.x, -forward.z);
}
