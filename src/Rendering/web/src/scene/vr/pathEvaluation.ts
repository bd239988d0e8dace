import type { Plan, Trajectory, Vec3 } from '../../net/protocol';

/**
 * Sends a dragged path to the server for its clearances without queueing: while one request runs, only the latest
 * path waits, and an answer for a path the user has since moved is dropped (the newer one follows).
 */
export class PathEvaluation {
  private pending = false;
  private inFlight = false;
  /** Round trip of the last answer in ms. */
  lastRoundTripMs: number | null = null;
  /** Answers received. */
  answered = 0;

  constructor(
    private readonly evaluate: (entry: Vec3, target: Vec3) => Promise<Trajectory>,
    private readonly current: () => { entry: Vec3 | null; target: Vec3 | null },
    private readonly done: (result: Trajectory | null, error: unknown) => void,
  ) {}

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.pending || this.inFlight;
  }

  /** Asks for the clearances of the current path. */
  request(): void {
    const { entry, target } = this.current();
    if (!entry || !target) return;
    this.pending = true;
    if (!this.inFlight) void this.loop();
  }

  private async loop(): Promise<void> {
    this.inFlight = true;
    while (this.pending) {
      this.pending = false;
      const now = this.current();
      if (!now.entry || !now.target) break;
      const entry: Vec3 = [...now.entry], target: Vec3 = [...now.target];
      const sent = performance.now();
      try {
        const t = await this.evaluate(entry, target);
        this.answered++;
        this.lastRoundTripMs = performance.now() - sent;
        const after = this.current();
        if (same(entry, after.entry) && same(target, after.target)) this.done(t, null);
      } catch (e) {
        this.done(null, e);
      }
    }
    this.inFlight = false;
  }
}

function same(a: Vec3, b: Vec3 | null): boolean {
  return b !== null && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** The plan target within 20 mm of the point (the desktop's rule for naming an accepted path); undefined adds a manual target. */
export function nearestTarget(plan: Plan | null, p: Vec3): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const t of plan?.targets ?? []) {
    const d = Math.hypot(t.centerMm[0] - p[0], t.centerMm[1] - p[1], t.centerMm[2] - p[2]);
    if (!best || d < best.d) best = { name: t.name, d };
  }
  return best && best.d <= 20 ? best.name : undefined;
}
