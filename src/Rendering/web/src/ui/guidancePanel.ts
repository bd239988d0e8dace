import type { GuidanceView } from '../net/guidanceSocket';
import type { RegistrationStatus } from '../net/protocol';

/** The figures shown, in display order: key in GuidanceMessage, label, unit. */
const figures = [
  ['tipToTargetMm', 'Tip to target', 'mm'],
  ['lateralOffsetMm', 'Lateral offset', 'mm'],
  ['angleErrorDeg', 'Angle error', '°'],
  ['remainingDepthMm', 'Remaining depth', 'mm'],
] as const;

/** A figure with its unit: "12.3 mm", but "3.1°" (the degree sign takes no space). */
export function withUnit(value: number | null | undefined, unit: string): string {
  const text = typeof value === 'number' ? value.toFixed(1) : '—';
  return unit === '°' ? `${text}°` : `${text} ${unit}`;
}

/** Bullseye radius in mm at the edge of the drawn circle. */
const bullseyeRangeMm = 10;

/**
 * The AR guidance display: the server's figures to one decimal, a bullseye looking down the planned path and
 * the registrations' predicted errors: the overlay error the server combined (root-sum-square of the tracker and AR
 * TREs at the target) with both parts beside it, or the part there is. Drawn into one canvas, which the desktop shows in the side panel and the
 * headset shows as a floating panel; the same numbers are in DOM text for screen readers and the tests. When
 * the view is invalid the numbers are removed and the whole display turns red and hatched.
 */
export class GuidancePanel {
  readonly canvas = document.createElement('canvas');
  private readonly values = new Map<string, HTMLElement>();
  private readonly tre: HTMLElement;
  private readonly state: HTMLElement;
  /** Bumped on each redraw, so a texture knows to re-upload. */
  version = 0;

  constructor(private readonly root: HTMLElement) {
    this.canvas.width = 512;
    this.canvas.height = 512;
    this.canvas.className = 'guidance-canvas';
    this.state = document.createElement('div');
    this.state.dataset.testid = 'guidance-state';
    this.state.className = 'guidance-state';
    const list = document.createElement('dl');
    list.className = 'plan-values';
    for (const [key, label] of figures) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.dataset.testid = `guidance-${key}`;
      list.append(dt, dd);
      this.values.set(key, dd);
    }
    this.tre = document.createElement('div');
    this.tre.dataset.testid = 'guidance-tre';
    this.tre.className = 'guidance-tre';
    root.replaceChildren(this.state, this.canvas, list, this.tre);
  }

  /** Shows a view. */
  show(view: GuidanceView): void {
    const m = view.message;
    this.root.classList.toggle('invalid', !view.valid);
    this.state.textContent = view.valid ? `TRACKING · ${m?.trajectory ?? ''}` : `INVALID — ${view.reason}`;
    for (const [key, , unit] of figures) {
      const value = view.valid ? m?.[key] : null;
      this.values.get(key)!.textContent = typeof value === 'number' ? withUnit(value, unit) : '—';
    }
    const reg = m?.registration;
    this.tre.textContent = treLine(reg);
    this.tre.classList.toggle('bad', !reg?.registered);
    this.draw(view);
  }

  private draw(view: GuidanceView): void {
    const g = this.canvas.getContext('2d');
    if (!g) return;
    const w = this.canvas.width;
    g.fillStyle = view.valid ? '#101418' : '#3a0b0b';
    g.fillRect(0, 0, w, w);
    const m = view.message;
    if (!view.valid) {
      g.strokeStyle = '#c62828';
      g.lineWidth = 14;
      for (let x = -w; x < w; x += 48) { g.beginPath(); g.moveTo(x, w); g.lineTo(x + w, 0); g.stroke(); }
      g.fillStyle = '#ffffff';
      g.font = 'bold 56px sans-serif';
      g.textAlign = 'center';
      g.fillText('NO GUIDANCE', w / 2, w / 2 - 20);
      g.font = '26px sans-serif';
      wrap(g, view.reason, w / 2, w / 2 + 30, w - 40, 32);
    } else if (m) {
      const cx = w / 2, cy = 190, r = 150;
      g.strokeStyle = '#4fb8e0';
      g.lineWidth = 3;
      for (const f of [1, 0.5, 0.2]) { g.beginPath(); g.arc(cx, cy, r * f, 0, Math.PI * 2); g.stroke(); }
      g.beginPath(); g.moveTo(cx - r, cy); g.lineTo(cx + r, cy); g.moveTo(cx, cy - r); g.lineTo(cx, cy + r); g.stroke();
      const dot = (p: [number, number] | null | undefined, color: string, size: number) => {
        if (!p) return;
        const s = r / bullseyeRangeMm;
        const x = cx + Math.max(-r, Math.min(r, p[0] * s)), y = cy - Math.max(-r, Math.min(r, p[1] * s));
        g.fillStyle = color;
        g.beginPath(); g.arc(x, y, size, 0, Math.PI * 2); g.fill();
      };
      dot(m.aimBullseyeMm, '#f2a93b', 9);
      dot(m.tipBullseyeMm, '#ffffff', 7);
      g.fillStyle = '#e8edf2';
      g.font = 'bold 30px sans-serif';
      g.textAlign = 'left';
      figures.forEach(([key, label, unit], i) => {
        const value = m[key];
        g.fillText(`${label}: ${withUnit(typeof value === 'number' ? value : null, unit)}`, 24, 385 + i * 34);
      });
    }
    const reg = m?.registration;
    const o = reg?.overlay;
    g.font = 'bold 24px sans-serif';
    g.textAlign = 'left';
    g.fillStyle = reg?.registered ? '#9be29b' : '#ffb74d';
    if (typeof o?.combinedTreMm === 'number') {
      g.fillText(`Overlay error ${mm(o.combinedTreMm)} at target`, 24, 32);
      g.font = '20px sans-serif';
      g.fillText(`= √(tracker ${o.trackerTreMm?.toFixed(1)}² + AR ${o.arTreMm?.toFixed(1)}²) mm`, 24, 58);
    } else {
      g.fillText(reg?.registered && typeof reg.predictedTreMm === 'number' ? `TRE ${mm(reg.predictedTreMm)}` : `TRE: ${reg?.label ?? 'unknown'}`, 24, 32);
      if (typeof o?.arTreMm === 'number') g.fillText(`AR TRE ${mm(o.arTreMm)}`, 300, 32);
    }
    this.version++;
  }
}

function mm(value: number | null | undefined): string {
  return typeof value === 'number' ? `${value.toFixed(1)} mm` : '—';
}

/**
 * The registration line: the server's combined overlay error with its two parts when both registrations exist,
 * otherwise the tracker registration's TRE (or why there is none) and the AR registration's beside it.
 */
function treLine(reg: RegistrationStatus | undefined): string {
  if (!reg) return 'Registration: unknown';
  const o = reg.overlay;
  if (typeof o?.combinedTreMm === 'number') {
    return `Overlay error ${mm(o.combinedTreMm)} at the target (root-sum-square of tracker TRE ${mm(o.trackerTreMm)} and AR TRE ${mm(o.arTreMm)})`;
  }
  const tracker = reg.registered && typeof reg.predictedTreMm === 'number' ? `Predicted TRE ${mm(reg.predictedTreMm)}` : `Registration: ${reg.label}`;
  return typeof o?.arTreMm === 'number' ? `${tracker} · AR overlay TRE ${mm(o.arTreMm)}` : tracker;
}

function wrap(g: CanvasRenderingContext2D, text: string, x: number, y: number, width: number, line: number): void {
  let row = '';
  for (const word of text.split(' ')) {
    if (g.measureText(`${row} ${word}`).width > width && row) { g.fillText(row, x, y); y += line; row = word; } else row = row ? `${row} ${word}` : word;
  }
  g.fillText(row, x, y);
}
