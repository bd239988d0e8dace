import type { Hand } from './arApi';

/** Most grip poses kept in one tip calibration (the server's limit). */
export const maxTipPoses = 600;

/**
 * Collects a controller's grip poses (4×4 row-major, mm) while the trigger is held for the tip calibration, one per
 * frame and only when the pose changed, so a controller held still does not fill it with copies.
 */
export class TipSampler {
  private poses: number[][] = [];
  hand: Hand | null = null;

  /** Starts collecting for a hand. */
  start(hand: Hand): void {
    this.hand = hand;
    this.poses = [];
  }

  /** Adds a pose unless it equals the last one; returns whether it was kept. */
  add(pose: number[]): boolean {
    if (this.hand === null || this.full) return false;
    const last = this.poses[this.poses.length - 1];
    if (last && last.every((v, i) => Math.abs(v - pose[i]) < 1e-6)) return false;
    this.poses.push(pose);
    return true;
  }

  get count(): number {
    return this.poses.length;
  }

  get full(): boolean {
    return this.poses.length >= maxTipPoses;
  }

  /** Stops collecting and returns what was collected. */
  stop(): number[][] {
    const poses = this.poses;
    this.poses = [];
    this.hand = null;
    return poses;
  }
}
