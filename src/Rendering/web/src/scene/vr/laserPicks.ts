import { Intersection, Raycaster, Vector3 } from 'three';
import type { RayRequest, RayTarget, Trajectory, Vec3 } from '../../net/protocol';
import { LatestOnly } from './latestOnly';
import type { VrHand } from './vrInput';
import type { VrPicking } from './vrPicking';
import { vrDiagnostics } from './vrDiagnostics';

/**
 * A pinch that closes into a fist within this time (ms), or within this many frames however slow they are, was the
 * start of a grab: what it placed goes back. The pinch may have let go by then; closing a hand often ends it.
 */
const pinchIntoFistMs = 600;
const pinchIntoFistFrames = 3;

/** The path as the planner holds it, so a pick that turns out to be a grab can be taken back. */
export interface PathSnapshot {
  entry: Vec3 | null;
  target: Vec3 | null;
  evaluation: Trajectory | null;
  edited: boolean;
}

/** What the laser picks change in the planner. */
export interface PathPoints {
  snapshot(): PathSnapshot;
  restore(snapshot: PathSnapshot): void;
  /** Moves the entry or target to a patient point (LPS mm); the planner has the server evaluate the path. */
  move(which: 'entry' | 'target', pointMm: Vec3): void;
  /** The target handle's world position (m), or null when there is no target. */
  targetWorld(): Vector3 | null;
  say(text: string, tone: 'ok' | 'bad' | 'warn' | 'muted'): void;
}

interface Drag {
  hand: VrHand;
  which: 'entry' | 'target';
  startedMs: number;
  startedFrame: number;
  before: PathSnapshot;
}

/** A ray sent to the server for a target, with the surface point the laser met (used when the ray crosses no tumour). */
interface RayPick {
  ray: RayRequest;
  surfaceMm: Vec3;
  /** The pick (or drag) it belongs to; a later pick or a cancelled one makes its answer stale. */
  pick: number;
}

/**
 * Placing and dragging entry and target with a laser. An entry lands on the skin where the laser meets it. A target
 * goes where the server puts it on the laser's ray (POST /api/case/target-on-ray): in the middle of the first
 * tumour the ray crosses, straight through the liver or whatever lies in front, because an ablation target is the
 * centre of the lesion and the ray alone does not say how deep; when the ray crosses no tumour, on the organ surface
 * it meets. `depth = 'surface'` keeps every target on the surface. A pick whose hand closes into a fist (a grab)
 * right after is taken back.
 */
export class LaserPicks {
  dragging: Drag | null = null;
  depth: 'tumour' | 'surface' = 'tumour';
  /** The last pick, kept after it ends so a fist right after can take it back. */
  private recent: Drag | null = null;
  private frameNo = 0;
  private readonly rayTargets: LatestOnly<RayPick, RayTarget>;
  /** Bumped by every pick and every cancelled drag, so a late server answer for an older one is ignored. */
  private pick = 0;
  private lastRayPick: RayPick | null = null;
  /** The target sits inside a structure (the server's answer), so the dragging laser is drawn on to it. */
  private targetInside = false;

  constructor(
    private readonly picking: VrPicking,
    private readonly path: PathPoints,
    targetOnRay: (ray: RayRequest) => Promise<RayTarget>,
  ) {
    this.rayTargets = new LatestOnly(r => targetOnRay(r.ray), (r, answer, e) => this.answered(r, answer, e));
  }

  /** Starts a pick or a drag of a handle ('entry' or 'target' when the ray is on one); false when the ray met nothing. */
  start(hand: VrHand, ray: Raycaster, mode: 'entry' | 'target', onHandle: 'entry' | 'target' | null): boolean {
    const which = onHandle ?? mode;
    const hit = onHandle ? null : this.picking.surface(ray, which);
    if (!onHandle && !hit) return false;
    this.pick++;
    this.targetInside = false;
    this.dragging = this.recent = { hand, which, startedMs: performance.now(), startedFrame: this.frameNo, before: this.path.snapshot() };
    vrDiagnostics.dragging = which;
    if (hit) this.place(which, hit, ray);
    return true;
  }

  /** Ends the drag of that hand, if it drags. */
  end(hand: VrHand): void {
    if (this.dragging?.hand !== hand) return;
    this.dragging = null;
    vrDiagnostics.dragging = null;
  }

  /** Counts a rendered frame; call once per frame. */
  tick(): void {
    this.frameNo++;
  }

  /**
   * One frame of a pointing hand: casts its ray, moves what it drags, and returns where the laser ends (world m):
   * the surface it meets, or the target inside when it drags one there; null when it meets nothing.
   */
  frame(hand: VrHand, ray: Raycaster, mode: 'entry' | 'target'): Vector3 | null {
    const drag = this.dragging?.hand === hand ? this.dragging : null;
    const hit = this.picking.surface(ray, drag?.which ?? mode);
    if (drag && hit) this.place(drag.which, hit, ray);
    if (drag?.which === 'target' && this.targetInside && hit) return this.path.targetWorld() ?? hit.point;
    return hit?.point ?? null;
  }

  /** A hand started grabbing: its drag stops, and a pick it made just before is taken back (it began the fist). */
  grabStarted(hand: VrHand): void {
    const d = this.recent;
    if (this.dragging?.hand === hand) {
      this.end(hand);
      this.pick++;
      this.rayTargets.clear();
    }
    if (d?.hand !== hand) return;
    this.recent = null;
    this.pick++;
    if (performance.now() - d.startedMs > pinchIntoFistMs && this.frameNo - d.startedFrame > pinchIntoFistFrames) return;
    this.path.restore(d.before);
    vrDiagnostics.cancelledPicks++;
  }

  /** Moves the dragged point to where the ray puts it: the surface for an entry, the server's answer for a target. */
  private place(which: 'entry' | 'target', hit: Intersection, ray: Raycaster): void {
    const surfaceMm = this.picking.toLps(hit.point);
    if (which === 'entry' || this.depth === 'surface') {
      if (which === 'target') this.targetInside = false;
      this.path.move(which, surfaceMm);
      return;
    }
    const request: RayPick = { ray: this.picking.toPatient(ray), surfaceMm, pick: this.pick };
    const last = this.lastRayPick;
    // A laser held still asks once: the same ray gets the same answer.
    if (last && last.pick === request.pick && sameVec(last.ray.originMm, request.ray.originMm, 0.05) && sameVec(last.ray.direction, request.ray.direction, 1e-6)) return;
    this.lastRayPick = request;
    this.rayTargets.request(request);
  }

  private answered(r: RayPick, answer: RayTarget | null, error: unknown): void {
    if (r.pick !== this.pick) return; // a newer pick, or the drag was taken back
    vrDiagnostics.rayTarget = answer;
    if (error) this.path.say(`Target left on the surface: ${error instanceof Error ? error.message : String(error)}`, 'bad');
    this.targetInside = answer?.targetMm != null;
    if (answer?.targetMm && answer.segment) {
      this.path.say(`Target: middle of ${answer.segment} on the laser (${answer.chordMm?.toFixed(1)} mm through it)`, 'muted');
    }
    this.path.move('target', answer?.targetMm ?? r.surfaceMm);
  }
}

function sameVec(a: Vec3, b: Vec3, tolerance: number): boolean {
  return Math.abs(a[0] - b[0]) <= tolerance && Math.abs(a[1] - b[1]) <= tolerance && Math.abs(a[2] - b[2]) <= tolerance;
}
