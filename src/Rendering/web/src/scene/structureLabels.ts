import {
  Box3, BufferGeometry, CanvasTexture, Group, Line, LineBasicMaterial, Matrix4, Mesh, Sprite, SpriteMaterial, Vector3,
} from 'three';
import type { Camera, Object3D } from 'three';

/** A label's box on screen in CSS pixels: x to the right and y down from the view's top left corner. */
export interface LabelBox { name: string; left: number; top: number; right: number; bottom: number }

/** A label's height in metres at 1 m from the eye on a desktop: a constant 1.4° (about 22 px in the desktop view). */
export const desktopLabelHeightAt1M = 0.025;

/** ... and in a headset, where text needs more: 2.3° (40 mm at 1 m, about 50 px of a Quest 3 eye). */
export const headsetLabelHeightAt1M = 0.04;

/** Space kept between two labels, as a fraction of a label's height. */
const gapFraction = 0.3;

/** Vertical slots tried above and below a label's anchor before giving up (12 label heights each way). */
const maxSlots = 12;

/** Structures that enclose the others: labelled at the front (anterior) of their surface, where the default view sees them. */
const enclosing = /body|skin/i;

interface Label {
  name: string;
  sprite: Sprite;
  /** The point on the structure's surface the label names, in the patient group's frame (glTF m). */
  anchor: Vector3;
  leader: Line;
  /** Width over height of the label's text box. */
  aspect: number;
}

interface Box { left: number; top: number; right: number; bottom: number }

/** A point on screen in pixels, with its normalised device depth. */
interface ScreenPoint { x: number; y: number; depth: number }

/**
 * A name label per structure, laid out in screen space every frame so that no two overlap: each label is anchored to a
 * point on its structure's surface (the vertex nearest the centre of its bounds, the anterior one for body and skin),
 * sits just above that point when there is room, and otherwise moves up or down in label-height steps to the nearest
 * free slot, with a leader line back to its point. Structures sharing a centre (vessels around the spine) therefore
 * get separate labels from every viewpoint. Labels keep a constant angular size and are drawn over the anatomy.
 */
export class StructureLabels {
  readonly group = new Group();
  private labels: Label[] = [];

  constructor(private readonly patient: Group, private readonly segments: ReadonlyMap<string, Object3D>) {
    this.group.name = 'structure-labels';
    this.group.visible = false;
    patient.add(this.group);
  }

  /** Shows or hides the labels (built on first show from the loaded meshes). */
  setShown(shown: boolean): void {
    if (shown && this.labels.length === 0) this.build();
    this.group.visible = shown;
    this.sync();
  }

  /** Whether labels are shown. */
  shown(): boolean {
    return this.group.visible;
  }

  /** Keeps each label's visibility with its structure's. */
  sync(): void {
    for (const label of this.labels) {
      const visible = this.segments.get(label.name)?.visible ?? false;
      label.sprite.visible = visible;
      label.leader.visible = visible;
    }
  }

  /**
   * Places the visible labels for this frame's view: `camera` with its world matrix and projection as drawn, on a view
   * `heightPx` high (CSS pixels; in a headset any height, since only proportions matter), each label `heightAt1M`
   * metres high at 1 m from the eye.
   */
  layout(camera: Camera, heightPx: number, heightAt1M: number): void {
    if (!this.group.visible || this.labels.length === 0) return;
    const view = new ViewProjection(camera, heightPx);
    const patientScale = this.patient.getWorldScale(new Vector3()).x;
    const toPatient = this.patient.matrixWorld.clone().invert();
    const h = view.sizePx(heightAt1M, 'y');
    const onScreen: { label: Label; at: ScreenPoint }[] = [];
    for (const label of this.labels) {
      const at = this.segments.get(label.name)?.visible ? view.toScreen(label.anchor.clone().applyMatrix4(this.patient.matrixWorld)) : null;
      label.sprite.visible = at !== null;
      label.leader.visible = at !== null;
      if (at) onScreen.push({ label, at });
    }
    // Top to bottom, so that a label pushed aside moves away from the ones already placed above it.
    onScreen.sort((a, b) => a.at.y - b.at.y || a.at.x - b.at.x);
    const placed: Box[] = [];
    for (const { label, at } of onScreen) {
      const box = freeSlot(at.x, at.y, h * label.aspect, h, placed);
      placed.push(box);
      const centreWorld = view.toWorld((box.left + box.right) / 2, (box.top + box.bottom) / 2, at.depth);
      label.sprite.position.copy(centreWorld.applyMatrix4(toPatient));
      label.sprite.scale.set(heightAt1M * label.aspect / patientScale, heightAt1M / patientScale, 1);
      label.leader.geometry.setFromPoints([label.anchor, label.sprite.position]);
    }
  }

  /**
   * The screen boxes of the labels as drawn (computed from each sprite's world position and size, not from the layout's
   * own bookkeeping), for the view `camera` `heightPx` high.
   */
  boxes(camera: Camera, heightPx: number): LabelBox[] {
    if (!this.group.visible) return [];
    const view = new ViewProjection(camera, heightPx);
    this.group.updateMatrixWorld(true);
    const result: LabelBox[] = [];
    for (const label of this.labels) {
      if (!label.sprite.visible || !this.segments.get(label.name)?.visible) continue;
      const centre = view.toScreen(new Vector3().setFromMatrixPosition(label.sprite.matrixWorld));
      if (!centre) continue;
      const scaleY = new Vector3().setFromMatrixColumn(label.sprite.matrixWorld, 1).length();
      const scaleX = new Vector3().setFromMatrixColumn(label.sprite.matrixWorld, 0).length();
      const halfH = view.sizePx(scaleY, 'y') / 2, halfW = view.sizePx(scaleX, 'x') / 2;
      result.push({ name: label.name, left: centre.x - halfW, top: centre.y - halfH, right: centre.x + halfW, bottom: centre.y + halfH });
    }
    return result;
  }

  private build(): void {
    this.patient.updateMatrixWorld(true);
    const toPatient = this.patient.matrixWorld.clone().invert();
    const lineMaterial = new LineBasicMaterial({ color: '#c9d1d9', transparent: true, opacity: 0.75, depthTest: false });
    for (const [name, object] of this.segments) {
      const anchor = surfaceAnchor(object, toPatient, enclosing.test(name));
      if (!anchor) continue;
      const { sprite, aspect } = labelSprite(name);
      sprite.name = name;
      sprite.position.copy(anchor);
      const leader = new Line(new BufferGeometry().setFromPoints([anchor, anchor]), lineMaterial);
      leader.renderOrder = 10;
      leader.frustumCulled = false;
      this.group.add(leader, sprite);
      this.labels.push({ name, sprite, anchor, leader, aspect });
    }
  }
}

/** A camera's view and projection for one frame, with screen coordinates in pixels of a view `heightPx` high. */
class ViewProjection {
  private readonly view: Matrix4;
  private readonly viewProjection: Matrix4;
  private readonly inverse: Matrix4;
  private readonly widthPx: number;

  constructor(private readonly camera: Camera, private readonly heightPx: number) {
    camera.updateMatrixWorld();
    const p = camera.projectionMatrix.elements;
    // The view's width follows from the projection's own aspect (p[5] / p[0]), so a headset eye needs no canvas size.
    this.widthPx = heightPx * p[5] / p[0];
    this.view = camera.matrixWorld.clone().invert();
    this.viewProjection = new Matrix4().multiplyMatrices(camera.projectionMatrix, this.view);
    this.inverse = this.viewProjection.clone().invert();
  }

  /** Screen size in pixels of a sprite `size` (world m at 1 m, as sizeAttenuation = false draws it) along x or y. */
  sizePx(size: number, axis: 'x' | 'y'): number {
    const p = this.camera.projectionMatrix.elements;
    return axis === 'y' ? p[5] * size * this.heightPx / 2 : p[0] * size * this.widthPx / 2;
  }

  /** A world point on screen (pixels) and its depth in normalised device coordinates; null when behind the eye. */
  toScreen(world: Vector3): ScreenPoint | null {
    if (world.clone().applyMatrix4(this.view).z >= 0) return null;
    const clip = world.clone().applyMatrix4(this.viewProjection);
    return { x: (clip.x + 1) / 2 * this.widthPx, y: (1 - clip.y) / 2 * this.heightPx, depth: clip.z };
  }

  /** The world point at a screen position (pixels) and normalised device depth. */
  toWorld(x: number, y: number, depth: number): Vector3 {
    return new Vector3(x / this.widthPx * 2 - 1, 1 - y / this.heightPx * 2, depth).applyMatrix4(this.inverse);
  }
}

/**
 * The nearest free place for a `w` x `h` box meant to sit just above (x, y): slots one label height apart, tried
 * nearest first (above, then below, then further out), each kept `gapFraction` of a height clear of the boxes placed.
 */
function freeSlot(x: number, y: number, w: number, h: number, placed: readonly Box[]): Box {
  const step = h * (1 + gapFraction);
  const margin = h * gapFraction / 2;
  const at = (k: number): Box => {
    const bottom = y - h * 0.4 + k * step;
    return { left: x - w / 2, right: x + w / 2, top: bottom - h, bottom };
  };
  for (let i = 0; i <= 2 * maxSlots; i++) {
    const k = i % 2 === 0 ? -i / 2 : (i + 1) / 2; // 0, 1, -1, 2, -2 ... in label heights (positive is down)
    const box = at(k);
    if (!placed.some(b => box.left < b.right + margin && b.left < box.right + margin && box.top < b.bottom + margin && b.top < box.bottom + margin)) return box;
  }
  return at(0);
}

/**
 * The vertex of a structure's meshes (in the patient group's frame) nearest the centre of its bounds, or for an
 * enclosing structure nearest the middle of its anterior (glTF +z) face; null for a structure with no vertices.
 */
function surfaceAnchor(object: Object3D, toPatient: Matrix4, front: boolean): Vector3 | null {
  const bounds = new Box3();
  const toLocal = new Matrix4();
  const meshes: Mesh[] = [];
  object.traverse(o => { if (o instanceof Mesh) meshes.push(o); });
  for (const mesh of meshes) {
    mesh.geometry.computeBoundingBox();
    bounds.union(mesh.geometry.boundingBox!.clone().applyMatrix4(toLocal.multiplyMatrices(toPatient, mesh.matrixWorld)));
  }
  if (bounds.isEmpty()) return null;
  const goal = bounds.getCenter(new Vector3());
  if (front) goal.z = bounds.max.z;
  let best: Vector3 | null = null, bestDistance = Infinity;
  const v = new Vector3();
  for (const mesh of meshes) {
    toLocal.multiplyMatrices(toPatient, mesh.matrixWorld);
    const positions = mesh.geometry.getAttribute('position');
    for (let i = 0; i < positions.count; i++) {
      v.fromBufferAttribute(positions, i).applyMatrix4(toLocal);
      const d = v.distanceToSquared(goal);
      if (d < bestDistance) { bestDistance = d; best = v.clone(); }
    }
  }
  return best;
}

/** A text label that always faces the viewer at a constant angular size, drawn over the anatomy. */
function labelSprite(text: string): { sprite: Sprite; aspect: number } {
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d')!;
  const font = '600 40px system-ui, sans-serif';
  g.font = font;
  canvas.width = Math.ceil(g.measureText(text).width) + 32;
  canvas.height = 60;
  g.font = font;
  g.fillStyle = 'rgba(12, 16, 20, 0.82)';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#ffffff';
  g.textBaseline = 'middle';
  g.fillText(text, 16, canvas.height / 2);
  const sprite = new Sprite(new SpriteMaterial({ map: new CanvasTexture(canvas), depthTest: false, transparent: true, sizeAttenuation: false }));
  const aspect = canvas.width / canvas.height;
  sprite.scale.set(desktopLabelHeightAt1M * aspect, desktopLabelHeightAt1M, 1);
  sprite.renderOrder = 11;
  return { sprite, aspect };
}
