import type { VolumeGrid } from '../net/api';
import type { SegmentSummary, Vec3 } from '../net/protocol';

/** Window/level presets in HU: [window width, level]. */
export const windowPresets = {
  abdomen: [400, 40],
  liver: [150, 90],
  bone: [1800, 400],
  lung: [1500, -600],
} as const;
export type WindowPreset = keyof typeof windowPresets;

/** What a click on a slice does. */
export type PickMode = 'cursor' | 'target' | 'entry' | 'measure';

type Plane = 'axial' | 'coronal' | 'sagittal';
const planes: Plane[] = ['axial', 'coronal', 'sagittal'];

/** Patient LPS mm of a continuous voxel index of the grid. */
export function indexToLps(g: VolumeGrid<Int16Array | Uint8Array>, idx: Vec3): Vec3 {
  const d = g.direction, s = g.spacingMm, o = g.originMm;
  const v = [idx[0] * s[0], idx[1] * s[1], idx[2] * s[2]];
  return [0, 1, 2].map(r => o[r] + d[3 * r] * v[0] + d[3 * r + 1] * v[1] + d[3 * r + 2] * v[2]) as Vec3;
}

/** Continuous voxel index of a patient LPS point (direction cosines are orthonormal, so the inverse is the transpose). */
export function lpsToIndex(g: VolumeGrid<Int16Array | Uint8Array>, p: Vec3): Vec3 {
  const d = g.direction, s = g.spacingMm, o = g.originMm;
  const q = [p[0] - o[0], p[1] - o[1], p[2] - o[2]];
  return [0, 1, 2].map(c => (d[c] * q[0] + d[3 + c] * q[1] + d[6 + c] * q[2]) / s[c]) as Vec3;
}

/**
 * Axial, coronal and sagittal slices of the CT with a window/level preset, the label overlay in segment
 * colours, and a crosshair shared with the 3D view. Axial shows patient left on the screen's right and
 * anterior up (radiological); coronal and sagittal show superior up.
 */
export class SlicePanel {
  private readonly canvases = new Map<Plane, HTMLCanvasElement>();
  private readonly readout: HTMLElement;
  private cursor: [number, number, number];
  private preset: WindowPreset = 'abdomen';
  private overlay = true;
  private overlayAlpha = 0.35;
  private readonly colors = new Map<number, [number, number, number]>();
  private readonly hidden = new Set<number>();
  mode: PickMode = 'cursor';

  constructor(
    root: HTMLElement,
    private readonly ct: VolumeGrid<Int16Array>,
    private readonly labels: VolumeGrid<Uint8Array> | null,
    segments: readonly SegmentSummary[],
    private readonly onPick: (mode: PickMode, lpsMm: Vec3, hu: number) => void,
  ) {
    for (const s of segments) this.colors.set(s.value, s.color.map(c => Math.round(c * 255)) as [number, number, number]);
    const [nx, ny, nz] = ct.dimensions;
    this.cursor = [Math.floor(nx / 2), Math.floor(ny / 2), Math.floor(nz / 2)];
    const controls = document.createElement('div');
    controls.className = 'slice-controls';
    const select = document.createElement('select');
    select.dataset.testid = 'window-preset';
    for (const name of Object.keys(windowPresets)) select.add(new Option(name, name));
    select.addEventListener('change', () => { this.setPreset(select.value as WindowPreset); });
    const overlayBox = document.createElement('input');
    overlayBox.type = 'checkbox';
    overlayBox.checked = true;
    overlayBox.dataset.testid = 'overlay-toggle';
    overlayBox.addEventListener('change', () => { this.overlay = overlayBox.checked; this.redraw(); });
    const overlayLabel = document.createElement('label');
    overlayLabel.append(overlayBox, ' labels');
    controls.append(select, overlayLabel);
    const grid = document.createElement('div');
    grid.className = 'slice-grid';
    for (const plane of planes) {
      const canvas = document.createElement('canvas');
      canvas.dataset.plane = plane;
      canvas.className = 'slice';
      const [w, h, sw, sh] = this.size(plane);
      canvas.width = w;
      canvas.height = Math.max(1, Math.round(h * sh / sw));
      canvas.addEventListener('click', e => this.click(plane, canvas, e));
      this.canvases.set(plane, canvas);
      grid.appendChild(canvas);
    }
    this.readout = document.createElement('div');
    this.readout.className = 'slice-readout';
    this.readout.dataset.testid = 'slice-readout';
    root.replaceChildren(controls, grid, this.readout);
    this.redraw();
  }

  /** The current window preset. */
  get windowPreset(): WindowPreset { return this.preset; }

  /** Changes the window/level preset and redraws. */
  setPreset(preset: WindowPreset): void {
    this.preset = preset;
    this.redraw();
  }

  /** Hides or shows one label value in the overlay. */
  setLabelVisible(value: number, visible: boolean): void {
    if (visible) this.hidden.delete(value); else this.hidden.add(value);
    this.redraw();
  }

  /** Recolours one label value in the overlay (sRGB 0..1). */
  setLabelColor(value: number, rgb: [number, number, number]): void {
    this.colors.set(value, rgb.map(c => Math.round(c * 255)) as [number, number, number]);
    this.redraw();
  }

  /** Moves the crosshair to the voxel nearest a patient LPS point (from the 3D view); points outside are clamped. */
  setCursorLps(p: Vec3): void {
    const idx = lpsToIndex(this.ct, p);
    this.cursor = idx.map((v, a) => Math.min(Math.max(Math.round(v), 0), this.ct.dimensions[a] - 1)) as [number, number, number];
    this.redraw();
  }

  /** The crosshair: voxel index, patient LPS mm and HU there. */
  cursorState(): { index: [number, number, number]; lpsMm: Vec3; hu: number } {
    const [i, j, k] = this.cursor;
    const [nx, ny] = this.ct.dimensions;
    return { index: [i, j, k], lpsMm: indexToLps(this.ct, [i, j, k]), hu: this.ct.data[(k * ny + j) * nx + i] };
  }

  private size(plane: Plane): [number, number, number, number] {
    const [nx, ny, nz] = this.ct.dimensions;
    const [sx, sy, sz] = this.ct.spacingMm;
    return plane === 'axial' ? [nx, ny, sx, sy] : plane === 'coronal' ? [nx, nz, sx, sz] : [ny, nz, sy, sz];
  }

  /** Voxel index of the image pixel (u, v) of a plane at the current cursor. */
  private voxel(plane: Plane, u: number, v: number): [number, number, number] {
    const [, , nz] = this.ct.dimensions;
    const [i, j, k] = this.cursor;
    if (plane === 'axial') return [u, v, k];
    if (plane === 'coronal') return [u, j, nz - 1 - v];
    return [i, u, nz - 1 - v];
  }

  private click(plane: Plane, canvas: HTMLCanvasElement, e: MouseEvent): void {
    const rect = canvas.getBoundingClientRect();
    const [w, h] = this.size(plane);
    const u = Math.min(w - 1, Math.max(0, Math.floor((e.clientX - rect.left) / rect.width * w)));
    const v = Math.min(h - 1, Math.max(0, Math.floor((e.clientY - rect.top) / rect.height * h)));
    this.cursor = this.voxel(plane, u, v);
    this.redraw();
    const state = this.cursorState();
    this.onPick(this.mode, state.lpsMm, state.hu);
  }

  private redraw(): void {
    const [width, level] = windowPresets[this.preset];
    const lo = level - width / 2;
    const [nx, ny] = this.ct.dimensions;
    for (const plane of planes) {
      const canvas = this.canvases.get(plane)!;
      const [w, h] = this.size(plane);
      const image = new ImageData(w, h);
      const px = image.data;
      for (let v = 0; v < h; v++) {
        for (let u = 0; u < w; u++) {
          const [i, j, k] = this.voxel(plane, u, v);
          const at = (k * ny + j) * nx + i;
          const gray = Math.min(255, Math.max(0, Math.round((this.ct.data[at] - lo) / width * 255)));
          let r = gray, g = gray, b = gray;
          const label = this.overlay && this.labels ? this.labels.data[at] : 0;
          const color = label && !this.hidden.has(label) ? this.colors.get(label) : undefined;
          if (color) {
            const a = this.overlayAlpha;
            r = Math.round(r * (1 - a) + color[0] * a); g = Math.round(g * (1 - a) + color[1] * a); b = Math.round(b * (1 - a) + color[2] * a);
          }
          const o = (v * w + u) * 4;
          px[o] = r; px[o + 1] = g; px[o + 2] = b; px[o + 3] = 255;
        }
      }
      const scratch = document.createElement('canvas');
      scratch.width = w;
      scratch.height = h;
      scratch.getContext('2d')!.putImageData(image, 0, 0);
      const g2 = canvas.getContext('2d')!;
      g2.imageSmoothingEnabled = false;
      g2.drawImage(scratch, 0, 0, canvas.width, canvas.height);
      this.drawCrosshair(plane, canvas, w, h);
    }
    const s = this.cursorState();
    this.readout.textContent = `${s.hu} HU at (${s.lpsMm.map(c => c.toFixed(1)).join(', ')}) mm LPS · W/L ${width}/${level}`;
  }

  private drawCrosshair(plane: Plane, canvas: HTMLCanvasElement, w: number, h: number): void {
    const [i, j, k] = this.cursor;
    const nz = this.ct.dimensions[2];
    const [u, v] = plane === 'axial' ? [i, j] : plane === 'coronal' ? [i, nz - 1 - k] : [j, nz - 1 - k];
    const x = (u + 0.5) / w * canvas.width, y = (v + 0.5) / h * canvas.height;
    const g = canvas.getContext('2d')!;
    g.strokeStyle = 'rgba(79, 184, 224, 0.8)';
    g.lineWidth = Math.max(1, canvas.width / 256);
    g.beginPath();
    g.moveTo(x, 0); g.lineTo(x, y - 4); g.moveTo(x, y + 4); g.lineTo(x, canvas.height);
    g.moveTo(0, y); g.lineTo(x - 4, y); g.moveTo(x + 4, y); g.lineTo(canvas.width, y);
    g.stroke();
  }
}
