import type { Plan, Trajectory, Vec3 } from '../net/protocol';
import { formatMm } from './planPanel';
import type { PickMode } from './slicePanel';

/** What the planning panel asks of the rest of the client. */
export interface PlanningActions {
  setMode(mode: PickMode): void;
  showTrajectory(index: number): void;
  evaluate(entry: Vec3, target: Vec3): Promise<Trajectory>;
  accept(entry: Vec3, target: Vec3, targetName: string | undefined): Promise<void>;
}

/**
 * Tools for planning on the slices or in 3D: pick mode (cursor, target, entry, measure), the suggested
 * trajectories to flip through and accept, the user's own path with the server's clearances, and the
 * distance (2 points) or angle (3 points) measurement. Without `planning` (a classroom student, who cannot reach the
 * server's /api) only pointing and measuring on the 3D surfaces are offered.
 */
export class PlanningPanel {
  entry: Vec3 | null = null;
  target: Vec3 | null = null;
  measurePoints: Vec3[] = [];
  private readonly modeButtons = new Map<PickMode, HTMLButtonElement>();
  private readonly suggestions = document.createElement('div');
  private readonly manual = document.createElement('div');
  private readonly measurement = document.createElement('div');
  /** The last evaluation from the server, for the tests. */
  lastEvaluation: Trajectory | null = null;
  private plan: Plan | null = null;

  constructor(root: HTMLElement, private readonly actions: PlanningActions, private readonly onChange: () => void, private readonly planning = true) {
    const modes = document.createElement('div');
    modes.className = 'pick-modes';
    const offered: [PickMode, string][] = planning
      ? [['cursor', 'Crosshair'], ['target', 'Pick target'], ['entry', 'Pick entry'], ['measure', 'Measure']]
      : [['cursor', 'Point'], ['measure', 'Measure']];
    for (const [mode, text] of offered) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.dataset.mode = mode;
      b.addEventListener('click', () => this.setMode(mode));
      this.modeButtons.set(mode, b);
      modes.appendChild(b);
    }
    this.manual.dataset.testid = 'manual-path';
    this.measurement.dataset.testid = 'measurement';
    root.replaceChildren(modes, this.suggestions, this.manual, this.measurement);
    this.setMode('cursor');
  }

  /** Lists the plan's trajectories with a Show and an Accept button each. */
  setPlan(plan: Plan | null): void {
    this.plan = plan;
    this.suggestions.replaceChildren();
    if (!this.planning) return;
    plan?.trajectories.forEach((t, i) => {
      const row = document.createElement('div');
      row.className = 'trajectory-row';
      const text = document.createElement('span');
      const worst = Math.min(...Object.values(t.minClearanceMm));
      text.textContent = `${t.name}: ${formatMm(t.lengthMm)}, min clearance ${formatMm(worst)}${t.meetsClearance ? '' : ' ⚠'}`;
      const show = button('Show', () => this.actions.showTrajectory(i));
      row.append(text, show);
      this.suggestions.appendChild(row);
    });
  }

  /** Handles a point picked on a slice or in 3D (patient LPS mm). */
  async pick(mode: PickMode, p: Vec3): Promise<void> {
    if (mode === 'target' && this.planning) this.target = p;
    else if (mode === 'entry' && this.planning) this.entry = p;
    else if (mode === 'measure') this.measurePoints = this.measurePoints.length >= 3 ? [p] : [...this.measurePoints, p];
    else return;
    this.renderMeasurement();
    this.onChange();
    if ((mode === 'target' || mode === 'entry') && this.entry && this.target) await this.evaluate();
  }

  private setMode(mode: PickMode): void {
    for (const [m, b] of this.modeButtons) b.classList.toggle('active', m === mode);
    this.actions.setMode(mode);
  }

  private async evaluate(): Promise<void> {
    const entry = this.entry!, target = this.target!;
    this.manual.textContent = 'Evaluating…';
    try {
      const t = await this.actions.evaluate(entry, target);
      this.lastEvaluation = t;
      this.manual.replaceChildren();
      const title = document.createElement('div');
      title.className = 'plan-title';
      title.textContent = `Your path: ${formatMm(t.lengthMm)}`;
      this.manual.appendChild(title);
      for (const [structure, mm] of Object.entries(t.minClearanceMm)) {
        const row = document.createElement('div');
        row.dataset.testid = `manual-clearance-${structure}`;
        row.textContent = `Clearance to ${structure}: ${formatMm(mm)}`;
        this.manual.appendChild(row);
      }
      const status = document.createElement('p');
      status.className = t.meetsClearance ? 'status ok' : 'status bad';
      status.textContent = t.meetsClearance ? 'Meets the required clearances' : (t.warning ?? 'Does not meet the required clearances');
      const nearest = this.plan?.targets.reduce<{ name: string; d: number } | null>((best, x) => {
        const d = Math.hypot(x.centerMm[0] - target[0], x.centerMm[1] - target[1], x.centerMm[2] - target[2]);
        return !best || d < best.d ? { name: x.name, d } : best;
      }, null);
      const name = nearest && nearest.d <= 20 ? nearest.name : undefined;
      const accept = button(`Accept${name ? ` for ${name}` : ''}`, () => void this.actions.accept(entry, target, name));
      accept.dataset.testid = 'accept-path';
      this.manual.append(status, accept);
    } catch (e) {
      this.manual.textContent = `Could not evaluate: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  private renderMeasurement(): void {
    const p = this.measurePoints;
    const dist = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    if (p.length < 2) { this.measurement.textContent = p.length ? 'Measure: pick a second point' : ''; return; }
    if (p.length === 2) { this.measurement.textContent = `Distance ${dist(p[0], p[1]).toFixed(1)} mm`; return; }
    const u = [0, 1, 2].map(i => p[0][i] - p[1][i]), v = [0, 1, 2].map(i => p[2][i] - p[1][i]);
    const cos = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / (Math.hypot(...u) * Math.hypot(...v));
    this.measurement.textContent = `Angle ${(Math.acos(Math.min(1, Math.max(-1, cos))) * 180 / Math.PI).toFixed(1)}° · ` +
      `${dist(p[0], p[1]).toFixed(1)} mm, ${dist(p[1], p[2]).toFixed(1)} mm`;
  }
}

function button(text: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.addEventListener('click', onClick);
  return b;
}
