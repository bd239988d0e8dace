/**
 * Lets a continuously sampled value through at most once per `intervalMs`, and only when it changed by more than the
 * caller's tolerance since the last one let through: what keeps camera, pointer, clipping and placement messages
 * within the server's rate limit without sending a head's or a hand's tremor.
 */
export class ChangeGate<T> {
  private last: T | null = null;
  private lastAt = -Infinity;

  constructor(private readonly intervalMs: number, private readonly changed: (before: T, now: T) => boolean) {}

  /** True when `value` should be sent now (it is then remembered as the last sent). */
  offer(value: T, nowMs: number): boolean {
    if (nowMs - this.lastAt < this.intervalMs) return false;
    if (this.last !== null && !this.changed(this.last, value)) return false;
    this.last = value;
    this.lastAt = nowMs;
    return true;
  }

  /** Forgets the last value, so the next offer goes through (control changed hands, a session started). */
  reset(): void {
    this.last = null;
    this.lastAt = -Infinity;
  }
}

/** Largest coordinate difference of two 3-vectors. */
export function apart(a: readonly number[], b: readonly number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

/** Angle between two unit vectors, in degrees. */
export function angleDeg(a: readonly number[], b: readonly number[]): number {
  const dot = a.reduce((sum, v, i) => sum + v * b[i], 0);
  return Math.acos(Math.min(Math.max(dot, -1), 1)) * 180 / Math.PI;
}

/** The turn between two rotations given as unit quaternions, in degrees (twice the angle whose cosine is |q1 · q2|). */
export function turnDeg(q1: readonly number[], q2: readonly number[]): number {
  const dot = Math.abs(q1.reduce((sum, v, i) => sum + v * q2[i], 0));
  return 2 * Math.acos(Math.min(dot, 1)) * 180 / Math.PI;
}
