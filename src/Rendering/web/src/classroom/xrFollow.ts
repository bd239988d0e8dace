import type { CameraPose, ClassroomLayer, RoomViewpoint } from '../scene/classroomLayer';
import { heading, type ViewpointSnap } from '../scene/vr/viewpointSnap';

/** A snap happens when the leader's viewpoint is this far (m, in the room) from the last one snapped to and from the student's head. */
export const snapDistanceM = 0.25;
/** ... or when its heading differs by this many degrees. */
export const snapHeadingDeg = 20;
/** The leader's view must have stayed within this (m) ... */
const settleDistanceM = 0.03;
/** ... and this (degrees) ... */
const settleHeadingDeg = 3;
/** ... for this long (ms) before a student is moved: a view still on its way is not followed, only where it came to rest. */
export const settleMs = 500;

/**
 * A following student in a headset is never head-locked to the leader: the leader's camera (a desktop orbit view, or
 * a headset's head) only moves the student, by a fade-and-jump snap, once that view has come to rest and differs from
 * both the view last snapped to and the student's own by more than {@link snapDistanceM} or {@link snapHeadingDeg}.
 * Between snaps the student looks and walks around freely.
 */
export class XrFollow {
  private latest: CameraPose | null = null;
  private anchor: RoomViewpoint | null = null;
  private anchorAtMs = 0;
  private snappedTo: RoomViewpoint | null = null;

  constructor(private readonly layer: ClassroomLayer, private readonly snap: ViewpointSnap) {}

  /** The leader's camera, as it arrives. */
  leaderView(pose: CameraPose, nowMs: number): void {
    this.latest = pose;
    const room = this.layer.roomViewpoint(pose);
    if (!this.anchor || differs(this.anchor, room, settleDistanceM, settleHeadingDeg)) {
      this.anchor = room;
      this.anchorAtMs = nowMs;
    }
  }

  /** Snap at the next chance to wherever the leader looks now (entering the headset, or following again). */
  resync(): void {
    this.snappedTo = null;
    this.anchorAtMs = 0;
  }

  /** Per frame, while this page follows in a headset: starts a snap when one is due. */
  frame(nowMs: number): void {
    if (!this.latest || this.snap.diagnostics.busy || nowMs - this.anchorAtMs < settleMs) return;
    const target = this.layer.roomViewpoint(this.latest);
    if (this.snappedTo && !differs(this.snappedTo, target, snapDistanceM, snapHeadingDeg)) return;
    this.snappedTo = target;
    const head = this.layer.headWorld();
    const own = { position: head.position, forward: target.forward.clone().set(0, 0, -1).applyQuaternion(head.quaternion) };
    if (differs(own, target, snapDistanceM, snapHeadingDeg)) this.snap.request(target);
  }
}

function differs(a: RoomViewpoint, b: RoomViewpoint, distanceM: number, headingDeg: number): boolean {
  let turn = Math.abs(heading(a.forward) - heading(b.forward)) * 180 / Math.PI;
  if (turn > 180) turn = 360 - turn;
  return a.position.distanceTo(b.position) > distanceM || turn > headingDeg;
}
