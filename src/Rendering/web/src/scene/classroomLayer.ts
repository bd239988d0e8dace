import {
  Box3, CanvasTexture, Group, Mesh, MeshBasicMaterial, Plane, SphereGeometry, Sprite, SpriteMaterial, Vector2, Vector3, Raycaster,
} from 'three';
import type { Object3D, PerspectiveCamera, WebGLRenderer } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Vec3 } from '../net/protocol';
import { gltfMToLpsMm, lpsMmToGltfM } from './coordinates';

/** What the classroom layer needs of the viewer (see Viewer.parts). */
export interface ClassroomViewParts {
  renderer: WebGLRenderer;
  camera: PerspectiveCamera;
  controls: OrbitControls;
  patient: Group;
  segments: ReadonlyMap<string, Object3D>;
}

/** A camera pose in patient LPS mm: where the eye is, what it looks at, and its up direction. */
export interface CameraPose { positionMm: Vec3; targetMm: Vec3; upUnit: Vec3 }

/** A clipping state in patient LPS mm: the plane through pointMm with normal (the kept side is where the normal points). */
export interface ClippingState { enabled: boolean; pointMm: Vec3; normal: Vec3 }

/**
 * The shared-view parts of the 3D scene for a classroom: reading and setting the camera in patient LPS mm,
 * the teacher's pointer as a marker, the clipping plane, and a label over each structure. Everything is in
 * the patient frame, so the same numbers mean the same place on every client (desktop or headset).
 */
export class ClassroomLayer {
  private readonly pointer: Mesh;
  private readonly labels = new Group();
  private readonly plane = new Plane();
  private clipping: ClippingState | null = null;

  constructor(private readonly parts: ClassroomViewParts) {
    this.pointer = new Mesh(new SphereGeometry(0.004, 16, 12), new MeshBasicMaterial({ color: 0xffb020, depthTest: false }));
    this.pointer.renderOrder = 10;
    this.pointer.visible = false;
    this.pointer.name = 'classroom-pointer';
    this.labels.name = 'structure-labels';
    this.labels.visible = false;
    parts.patient.add(this.pointer, this.labels);
  }

  /** The desktop camera's pose in patient LPS mm. */
  cameraPose(): CameraPose {
    const { camera, controls, patient } = this.parts;
    const toLps = (world: Vector3): Vec3 => gltfMToLpsMm(patient.worldToLocal(world.clone()));
    const up = camera.up.clone();
    return { positionMm: toLps(camera.position), targetMm: toLps(controls.target), upUnit: [up.x, -up.z, up.y] };
  }

  /** Moves the desktop camera to a pose (ignored while a headset drives the camera). */
  setCameraPose(pose: CameraPose): void {
    const { camera, controls, patient, renderer } = this.parts;
    if (renderer.xr.isPresenting) return;
    camera.position.copy(patient.localToWorld(lpsMmToGltfM(pose.positionMm)));
    controls.target.copy(patient.localToWorld(lpsMmToGltfM(pose.targetMm)));
    camera.up.set(pose.upUnit[0], pose.upUnit[2], -pose.upUnit[1]).normalize();
    camera.lookAt(controls.target);
    controls.update();
  }

  /** The patient LPS point under a canvas position (client pixels) on a visible structure, or null. */
  pick(clientX: number, clientY: number): Vec3 | null {
    const { renderer, camera, patient, segments } = this.parts;
    const rect = renderer.domElement.getBoundingClientRect();
    const ndc = new Vector2((clientX - rect.left) / rect.width * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new Raycaster();
    ray.setFromCamera(ndc, camera);
    const hit = ray.intersectObjects([...segments.values()].filter(o => o.visible), true)
      .find(h => this.clipping === null || !this.clipping.enabled || this.plane.distanceToPoint(h.point) >= 0);
    return hit ? gltfMToLpsMm(patient.worldToLocal(hit.point.clone())) : null;
  }

  /** Shows the pointer marker at a patient LPS point, or hides it (null). */
  setPointer(pointMm: Vec3 | null): void {
    this.pointer.visible = pointMm !== null;
    if (pointMm) lpsMmToGltfM(pointMm, this.pointer.position);
  }

  /** Where the pointer marker is (patient LPS mm), or null when hidden. */
  pointerMm(): Vec3 | null {
    return this.pointer.visible ? gltfMToLpsMm(this.pointer.position) : null;
  }

  /** Applies a clipping state: everything on the negative side of the plane is cut away. */
  setClipping(state: ClippingState): void {
    this.clipping = state;
    const { renderer, patient } = this.parts;
    if (!state.enabled) {
      renderer.clippingPlanes = [];
      return;
    }
    patient.updateMatrixWorld();
    const point = patient.localToWorld(lpsMmToGltfM(state.pointMm));
    const normal = new Vector3(state.normal[0], state.normal[2], -state.normal[1]).normalize();
    this.plane.setFromNormalAndCoplanarPoint(normal, point);
    renderer.clippingPlanes = [this.plane];
  }

  /** The patient LPS extent (min, max corners) of the visible structures, or null when none is loaded. */
  boundsMm(): { min: Vec3; max: Vec3 } | null {
    const box = new Box3();
    for (const o of this.parts.segments.values()) box.expandByObject(o);
    if (box.isEmpty()) return null;
    const a = gltfMToLpsMm(this.parts.patient.worldToLocal(box.min.clone()));
    const b = gltfMToLpsMm(this.parts.patient.worldToLocal(box.max.clone()));
    return { min: [0, 1, 2].map(i => Math.min(a[i], b[i])) as Vec3, max: [0, 1, 2].map(i => Math.max(a[i], b[i])) as Vec3 };
  }

  /** Shows or hides a name label over each structure (built on first show from the loaded meshes). */
  setLabelsShown(shown: boolean): void {
    if (shown && this.labels.children.length === 0) this.buildLabels();
    this.labels.visible = shown;
    for (const label of this.labels.children) label.visible = this.parts.segments.get(label.name)?.visible ?? false;
  }

  /** Whether labels are shown. */
  labelsShown(): boolean {
    return this.labels.visible;
  }

  /** Keeps each label's visibility with its structure's. */
  syncLabels(): void {
    for (const label of this.labels.children) label.visible = this.parts.segments.get(label.name)?.visible ?? false;
  }

  private buildLabels(): void {
    const { segments, patient } = this.parts;
    patient.updateMatrixWorld(true);
    const all = new Box3();
    for (const o of segments.values()) all.expandByObject(o);
    // Readable from the default view: about 1/30 of the anatomy's diagonal, at least 12 mm.
    const heightM = Math.max(0.012, all.getSize(new Vector3()).length() / 30);
    const placed: Sprite[] = [];
    for (const [name, object] of segments) {
      const box = new Box3().setFromObject(object);
      if (box.isEmpty()) continue;
      const centre = patient.worldToLocal(box.getCenter(new Vector3()));
      const sprite = labelSprite(name, heightM);
      sprite.name = name;
      // Enclosing structures (body, skin) are labelled at their top; the rest at their centre, seen through.
      if (name === 'body' || name === 'skin') centre.y = patient.worldToLocal(box.max.clone()).y + heightM / 2;
      sprite.position.copy(centre);
      placed.push(sprite);
    }
    // Structures share centres (vessels and bone sit around the spine): stack labels that would overlap.
    placed.sort((a, b) => a.position.y - b.position.y);
    for (let i = 1; i < placed.length; i++) {
      const below = placed[i - 1]!.position, here = placed[i]!.position;
      const apart = Math.hypot(here.x - below.x, here.z - below.z) > heightM * 4;
      if (!apart && here.y - below.y < heightM * 1.3) here.y = below.y + heightM * 1.3;
    }
    this.labels.add(...placed);
  }
}

/** A text label `heightM` metres high that always faces the viewer and is drawn over the anatomy. */
function labelSprite(text: string, heightM: number): Sprite {
  const canvas = document.createElement('canvas');
  const g = canvas.getContext('2d')!;
  const font = '600 40px system-ui, sans-serif';
  g.font = font;
  canvas.width = Math.ceil(g.measureText(text).width) + 32;
  canvas.height = 60;
  g.font = font;
  g.fillStyle = 'rgba(12, 16, 20, 0.78)';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#ffffff';
  g.textBaseline = 'middle';
  g.fillText(text, 16, canvas.height / 2);
  const texture = new CanvasTexture(canvas);
  const sprite = new Sprite(new SpriteMaterial({ map: texture, depthTest: false, transparent: true }));
  sprite.scale.set(heightM * canvas.width / canvas.height, heightM, 1);
  sprite.renderOrder = 11;
  return sprite;
}
