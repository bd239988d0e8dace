/** A button on the VR panel; `id` is what a laser click reports. */
export interface PanelButton {
  id: string;
  label: string;
  /** Drawn pressed (a toggle that is on, the current choice). */
  active?: boolean;
  /** Primary actions (accept) are drawn in the accent colour. */
  primary?: boolean;
  disabled?: boolean;
}

/** One row of the panel, top to bottom. */
export type PanelRow =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; tone?: 'ok' | 'bad' | 'warn' | 'muted' }
  | { kind: 'buttons'; buttons: PanelButton[] };

const width = 1024;
const height = 1280;
const pad = 36;
const colors = {
  background: 'rgba(21, 24, 28, 0.94)',
  border: '#3a4048',
  text: '#e6ebf0',
  muted: '#8d97a3',
  ok: '#7ee0a0',
  bad: '#ff6b6b',
  warn: '#f2a93b',
  button: '#262b31',
  buttonActive: '#2f6f8f',
  primary: '#2f8f5b',
  hover: '#4fb8e0',
};

/**
 * The floating panel of the VR view, drawn on a canvas that the scene shows as a textured quad: segment
 * visibility, volume presets, tools and the plan summary with the server's clearances. The laser reports where it
 * hits in texture coordinates; {@link hit} turns that into a button id. Holds no state of its own beyond layout.
 */
export class VrPanel {
  readonly canvas = document.createElement('canvas');
  /** Bumped on every redraw, so the scene knows to upload the texture again. */
  version = 0;
  /** The texts drawn in the last render, by row index: what the user sees, for the tests. */
  shown: string[] = [];
  private readonly context: CanvasRenderingContext2D;
  private regions: { id: string; x: number; y: number; w: number; h: number; disabled: boolean }[] = [];
  private rows: PanelRow[] = [];
  private hovered: string | null = null;

  constructor() {
    this.canvas.width = width;
    this.canvas.height = height;
    this.canvas.className = 'vr-panel-canvas';
    const context = this.canvas.getContext('2d');
    if (!context) throw new Error('This browser cannot draw the VR panel (no 2D canvas context).');
    this.context = context;
  }

  /** Width over height of the panel, for the quad that shows it. */
  static readonly aspect = width / height;

  /** Draws the rows. */
  render(rows: PanelRow[]): void {
    this.rows = rows;
    this.draw();
  }

  /** Highlights the button under the laser (u, v in 0..1 from the bottom left, as three's uv); null clears. */
  hover(uv: { x: number; y: number } | null): void {
    const id = uv ? this.hit(uv) : null;
    if (id === this.hovered) return;
    this.hovered = id;
    this.draw();
  }

  /** The enabled button at texture coordinates (u, v from the bottom left), or null. */
  hit(uv: { x: number; y: number }): string | null {
    const x = uv.x * width, y = (1 - uv.y) * height;
    const r = this.regions.find(b => x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h);
    return r && !r.disabled ? r.id : null;
  }

  /** Centre of a button in texture coordinates (u, v from the bottom left), or null when it is not drawn. */
  buttonUv(id: string): { x: number; y: number } | null {
    const r = this.regions.find(b => b.id === id);
    return r ? { x: (r.x + r.w / 2) / width, y: 1 - (r.y + r.h / 2) / height } : null;
  }

  private draw(): void {
    const c = this.context;
    c.clearRect(0, 0, width, height);
    c.fillStyle = colors.background;
    roundRect(c, 4, 4, width - 8, height - 8, 28);
    c.fill();
    c.strokeStyle = colors.border;
    c.lineWidth = 4;
    c.stroke();
    this.regions = [];
    this.shown = [];
    let y = pad;
    c.textBaseline = 'middle';
    for (const row of this.rows) {
      if (row.kind === 'heading') {
        y += 10;
        c.font = '600 30px system-ui, sans-serif';
        c.fillStyle = colors.muted;
        c.fillText(row.text.toUpperCase(), pad, y + 18);
        this.shown.push(row.text);
        y += 46;
      } else if (row.kind === 'text') {
        c.font = '36px system-ui, sans-serif';
        c.fillStyle = row.tone ? colors[row.tone] : colors.text;
        const lines = wrap(c, row.text, width - 2 * pad);
        for (const line of lines) {
          c.fillText(line, pad, y + 22);
          y += 48;
        }
        this.shown.push(row.text);
      } else {
        y += 4;
        const gap = 14;
        const w = (width - 2 * pad - gap * (row.buttons.length - 1)) / Math.max(row.buttons.length, 1);
        row.buttons.forEach((b, i) => {
          const x = pad + i * (w + gap);
          c.fillStyle = b.disabled ? colors.button : b.primary ? colors.primary : b.active ? colors.buttonActive : colors.button;
          roundRect(c, x, y, w, 76, 14);
          c.fill();
          if (this.hovered === b.id) {
            c.strokeStyle = colors.hover;
            c.lineWidth = 5;
            c.stroke();
          }
          c.font = '600 32px system-ui, sans-serif';
          c.fillStyle = b.disabled ? colors.muted : colors.text;
          c.textAlign = 'center';
          c.fillText(fit(c, b.label, w - 16), x + w / 2, y + 39);
          c.textAlign = 'left';
          this.regions.push({ id: b.id, x, y, w, h: 76, disabled: b.disabled ?? false });
        });
        y += 92;
      }
      if (y > height - pad) break; // the rest does not fit; the panel shows what it can
    }
    this.version++;
  }
}

function roundRect(c: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  c.beginPath();
  c.moveTo(x + r, y);
  c.arcTo(x + w, y, x + w, y + h, r);
  c.arcTo(x + w, y + h, x, y + h, r);
  c.arcTo(x, y + h, x, y, r);
  c.arcTo(x, y, x + w, y, r);
  c.closePath();
}

function wrap(c: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (c.measureText(next).width > maxWidth && line) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, 4);
}

function fit(c: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (c.measureText(text).width <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && c.measureText(`${t}…`).width > maxWidth) t = t.slice(0, -1);
  return `${t}…`;
}
