import {
  BufferGeometry, CanvasTexture, Color, CylinderGeometry, Group, Line, LineBasicMaterial, LineDashedMaterial, Mesh,
  MeshBasicMaterial, PlaneGeometry, Quaternion, SphereGeometry, Vector3,
} from 'three';
import type { Vec3 } from '../net/protocol';
import { lpsMmToGltfM } from './coordinates';

const mm = 1 / 1000;

/**
 * Interactive overlays in the patient frame (glTF metres): the crosshair point shared with the slices, the
 * user's picked entry and target with the path between them, measurement points, and the live tracked needle
 * with its extension line. Drawn without depth test so they stay visible inside the anatomy.
 */
export class Overlays {
  readonly group = new Group();
  private readonly cursor = sphere(2.5 * mm, '#4fb8e0');
  private readonly entry = sphere(3 * mm, '#7ee0a0');
  private readonly target = sphere(3 * mm, '#ff6b6b');
  private readonly path = new Line(new BufferGeometry(), new LineBasicMaterial({ color: '#7ee0a0', depthTest: false }));
  private readonly needle = new Mesh(new CylinderGeometry(0.8 * mm, 0.8 * mm, 1, 12), new MeshBasicMaterial({ color: '#ffe082', depthTest: false }));
  private readonly extension = new Line(new BufferGeometry(), new LineDashedMaterial({ color: '#ffe082', dashSize: 4 * mm, gapSize: 3 * mm, depthTest: false }));
  private readonly measure = new Group();

  constructor() {
    this.group.name = 'overlays';
    for (const o of [this.cursor, this.entry, this.target, this.path, this.needle, this.extension]) {
      o.visible = false;
      o.renderOrder = 20;
      this.group.add(o);
    }
    this.group.add(this.measure);
  }

  /** Moves the crosshair marker to a patient LPS point. */
  setCursor(p: Vec3): void {
    lpsMmToGltfM(p, this.cursor.position);
    this.cursor.visible = true;
  }

  /** Shows the picked entry and target (either may be missing) and the path when both are set. */
  setPicked(entry: Vec3 | null, target: Vec3 | null): void {
    this.entry.visible = entry !== null;
    this.target.visible = target !== null;
    if (entry) lpsMmToGltfM(entry, this.entry.position);
    if (target) lpsMmToGltfM(target, this.target.position);
    this.path.visible = entry !== null && target !== null;
    if (entry && target) this.path.geometry.setFromPoints([lpsMmToGltfM(entry), lpsMmToGltfM(target)]);
  }

  /** Shows measurement points and the polyline through them. */
  setMeasurement(points: readonly Vec3[]): void {
    this.measure.clear();
    for (const p of points) {
      const s = sphere(1.5 * mm, '#ffffff');
      lpsMmToGltfM(p, s.position);
      s.visible = true;
      this.measure.add(s);
    }
    if (points.length > 1) {
      const line = new Line(new BufferGeometry().setFromPoints(points.map(p => lpsMmToGltfM(p))), new LineBasicMaterial({ color: '#ffffff', depthTest: false }));
      line.renderOrder = 20;
      this.measure.add(line);
    }
  }

  /** The tracked needle: 150 mm of shaft behind the tip and a dashed 100 mm extension ahead; null hides it. */
  setNeedle(tipMm: Vec3 | null, directionUnit: Vec3 | null): void {
    const show = tipMm !== null && directionUnit !== null;
    this.needle.visible = show;
    this.extension.visible = show;
    if (!show) return;
    const tip = lpsMmToGltfM(tipMm);
    const ahead = lpsMmToGltfM([tipMm[0] + directionUnit[0] * 100, tipMm[1] + directionUnit[1] * 100, tipMm[2] + directionUnit[2] * 100]);
    const dir = ahead.clone().sub(tip).normalize();
    const shaft = 150 * mm;
    this.needle.scale.set(1, shaft, 1);
    this.needle.position.copy(tip).addScaledVector(dir, -shaft / 2);
    this.needle.quaternion.copy(new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), dir));
    this.extension.geometry.setFromPoints([tip, ahead]);
    this.extension.computeLineDistances();
  }

  /** Where the drawn needle's tip is in world metres (the end of its shaft), or null when it is hidden. */
  needleTipWorld(): [number, number, number] | null {
    if (!this.needle.visible) return null;
    this.needle.updateWorldMatrix(true, false);
    const p = new Vector3(0, 0.5, 0).applyMatrix4(this.needle.matrixWorld);
    return [p.x, p.y, p.z];
  }
}

/** A panel that shows a canvas in the headset, 30 × 30 cm, re-uploaded when the canvas changes. */
export class CanvasPanel {
  readonly mesh: Mesh;
  private readonly texture: CanvasTexture;
  private seen = -1;

  constructor(private readonly source: { canvas: HTMLCanvasElement; version: number }) {
    this.texture = new CanvasTexture(source.canvas);
    this.mesh = new Mesh(new PlaneGeometry(0.3, 0.3), new MeshBasicMaterial({ map: this.texture, transparent: true, opacity: 0.95, depthTest: false }));
    this.mesh.name = 'guidance-panel';
    this.mesh.renderOrder = 30;
  }

  /** Uploads the canvas again if it was redrawn since the last frame. */
  update(): void {
    if (this.source.version === this.seen) return;
    this.seen = this.source.version;
    this.texture.needsUpdate = true;
  }
}

function sphere(radiusM: number, color: string): Mesh {
  const m = new Mesh(new SphereGeometry(radiusM, 16, 8), new MeshBasicMaterial({ color: new Color(color), depthTest: false, transparent: true, opacity: 0.9 }));
  m.renderOrder = 20;
  return m;
}
