import { Box3, Mesh, MeshBasicMaterial, Plane, Quaternion, Raycaster, SphereGeometry, Vector2, Vector3 } from 'three';
import type { Group, Object3D, PerspectiveCamera, WebGLRenderer } from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Vec3 } from '../net/protocol';
import type { AnatomyPlacement } from '../classroom/classroomProtocol';
import { gltfDirToLps, gltfMToLpsMm, lpsDirToGltf, lpsMmToGltfM } from './coordinates';
import { StructureLabels, desktopLabelHeightAt1M, headsetLabelHeightAt1M, type LabelBox } from './structureLabels';
import { headPose } from './xrHead';

/** What the classroom layer needs of the viewer (see Viewer.parts). */
export interface ClassroomViewParts {
  renderer: WebGLRenderer;
  camera: PerspectiveCamera;
  controls: OrbitControls;
  patient: Group;
  segments: ReadonlyMap<string, Object3D>;
}

/** What a headset's tools show, in the room (three's world) frame: the pointing laser and the controller's clipping plane. */
export interface XrTools {
  /** True while an immersive-vr session runs with the tools on. */
  readonly active: boolean;
  /** The pointing controller's laser: where it starts and the surface point it hits (null: none); null without a controller. */
  laser(): { originWorld: Vector3; hitWorld: Vector3 | null } | null;
  /** The controller's clipping plane (kept side where the normal points) and the controller's position; null while off. */
  clipPlane(): { plane: Plane; atWorld: Vector3 } | null;
}

/** A camera pose in patient LPS mm: where the eye is, what it looks at, and its up direction. */
export interface CameraPose { positionMm: Vec3; targetMm: Vec3; upUnit: Vec3 }

/** A clipping state in patient LPS mm: the plane through pointMm with normal (the kept side is where the normal points). */
export interface ClippingState { enabled: boolean; pointMm: Vec3; normal: Vec3 }

/** A viewpoint in the room (three's world frame, m): the eye's position and its viewing direction (unit). */
export interface RoomViewpoint { position: Vector3; forward: Vector3 }

/** Nearest a headset user's look-at point is put, in mm, when the head is inside the anatomy's centre. */
const minLookDistanceMm = 100;

/**
 * The shared-view parts of the 3D scene for a classroom: reading and setting the camera in patient LPS mm (the
 * desktop's orbit camera, or a headset's head pose), the anatomy's placement in a headset's room, the teacher's pointer
 * as a marker, the clipping plane, and the structure labels. Everything crosses the wire in the patient frame, so the
 * same numbers mean the same place on every client (desktop or headset).
 */
export class ClassroomLayer {
  private readonly pointer: Mesh;
  readonly labels: StructureLabels;
  private readonly plane = new Plane();
  private clipping: ClippingState | null = null;
  private drawnLabelBoxes: LabelBox[] = [];

  constructor(private readonly parts: ClassroomViewParts) {
    this.pointer = new Mesh(new SphereGeometry(0.004, 16, 12), new MeshBasicMaterial({ color: 0xffb020, depthTest: false }));
    this.pointer.renderOrder = 10;
    this.pointer.visible = false;
    this.pointer.name = 'classroom-pointer';
    parts.patient.add(this.pointer);
    this.labels = new StructureLabels(parts.patient, parts.segments);
  }

  /** True while a headset drives the view. */
  immersive(): boolean {
    return this.parts.renderer.xr.isPresenting;
  }

  /**
   * The view's pose in patient LPS mm: the desktop camera and its orbit target, or in a headset the head (between the
   * eyes) with a look-at point as far ahead as the anatomy's centre.
   */
  cameraPose(): CameraPose {
    const { camera, controls } = this.parts;
    if (!this.immersive()) {
      return { positionMm: this.worldToLps(camera.position), targetMm: this.worldToLps(controls.target), upUnit: this.worldDirToLps(camera.up) };
    }
    const head = this.headWorld();
    const positionMm = this.worldToLps(head.position);
    const forward = this.worldDirToLps(new Vector3(0, 0, -1).applyQuaternion(head.quaternion));
    const centre = this.boundsMm();
    const distance = centre ? Math.max(minLookDistanceMm, Math.hypot(...[0, 1, 2].map(i => (centre.min[i] + centre.max[i]) / 2 - positionMm[i]))) : 500;
    return {
      positionMm,
      targetMm: positionMm.map((v, i) => v + forward[i] * distance) as Vec3,
      upUnit: this.worldDirToLps(new Vector3(0, 1, 0).applyQuaternion(head.quaternion)),
    };
  }

  /**
   * Moves the desktop camera to a pose (ignored while a headset drives the camera: see RoomViewpoint and the snap). The
   * orbit camera keeps its vertical: a headset leader's head roll is not copied, so orbiting afterwards stays upright.
   */
  setCameraPose(pose: CameraPose): void {
    const { camera, controls, patient } = this.parts;
    if (this.immersive()) return;
    patient.updateMatrixWorld();
    camera.position.copy(patient.localToWorld(lpsMmToGltfM(pose.positionMm)));
    controls.target.copy(patient.localToWorld(lpsMmToGltfM(pose.targetMm)));
    camera.lookAt(controls.target);
    controls.update();
  }

  /** Where a camera pose (patient LPS mm) puts the eye in this client's room, with the anatomy where it is now. */
  roomViewpoint(pose: CameraPose): RoomViewpoint {
    this.parts.patient.updateMatrixWorld();
    const position = this.parts.patient.localToWorld(lpsMmToGltfM(pose.positionMm));
    const target = this.parts.patient.localToWorld(lpsMmToGltfM(pose.targetMm));
    return { position, forward: target.sub(position).normalize() };
  }

  /** The head's pose in the room: between the two eyes in a headset, else the desktop camera's. */
  headWorld(): { position: Vector3; quaternion: Quaternion } {
    return headPose(this.parts.renderer, this.parts.camera);
  }

  /** The anatomy's placement in the room (the patient group's transform; meaningful in a headset). */
  placement(): AnatomyPlacement {
    const { position, quaternion: q, scale } = this.parts.patient;
    return { positionRoomMm: [position.x * 1000, position.y * 1000, position.z * 1000], rotationXyzw: [q.x, q.y, q.z, q.w], scale: scale.x };
  }

  /** Puts the anatomy where a placement says (headset only: the desktop camera frames the anatomy unplaced). */
  setPlacement(p: AnatomyPlacement): void {
    const { patient } = this.parts;
    patient.position.set(p.positionRoomMm[0] / 1000, p.positionRoomMm[1] / 1000, p.positionRoomMm[2] / 1000);
    patient.quaternion.set(...p.rotationXyzw).normalize();
    patient.scale.setScalar(p.scale);
    patient.updateMatrixWorld();
  }

  /** The patient LPS point under a canvas position (client pixels) on a visible structure, or null. */
  pick(clientX: number, clientY: number): Vec3 | null {
    const { renderer, camera, segments } = this.parts;
    const rect = renderer.domElement.getBoundingClientRect();
    const ndc = new Vector2((clientX - rect.left) / rect.width * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    const ray = new Raycaster();
    ray.setFromCamera(ndc, camera);
    const hit = ray.intersectObjects([...segments.values()].filter(o => o.visible), true)
      .find(h => this.clipping === null || !this.clipping.enabled || this.plane.distanceToPoint(h.point) >= 0);
    return hit ? this.worldToLps(hit.point) : null;
  }

  /** A headset laser as a classroom pointer (patient LPS mm), or null without a controller. */
  xrPointer(tools: XrTools): { originMm: Vec3; pointMm: Vec3 | null } | null {
    const laser = tools.laser();
    return laser ? { originMm: this.worldToLps(laser.originWorld), pointMm: laser.hitWorld ? this.worldToLps(laser.hitWorld) : null } : null;
  }

  /** A headset controller's clipping plane in patient LPS mm (through the controller), or null while it is off. */
  xrClipping(tools: XrTools): ClippingState | null {
    const clip = tools.clipPlane();
    return clip ? { enabled: true, pointMm: this.worldToLps(clip.atWorld), normal: this.worldDirToLps(clip.plane.normal) } : null;
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

  /** Applies a clipping state: everything on the negative side of the plane is cut away, following the anatomy as it moves. */
  setClipping(state: ClippingState): void {
    this.clipping = state;
    this.placeClipPlane();
  }

  /** The renderer's clipping plane as drawn, back in patient LPS mm (for the tests), or null when none is set. */
  rendererClipping(): ClippingState | null {
    const plane = this.parts.renderer.clippingPlanes[0];
    if (!plane) return null;
    return { enabled: true, pointMm: this.worldToLps(plane.coplanarPoint(new Vector3())), normal: this.worldDirToLps(plane.normal) };
  }

  /** Per-frame upkeep: the clipping plane follows the anatomy (grabbed or snapped to), the labels move out of each other's way. */
  frame(): void {
    this.placeClipPlane();
    const { renderer, camera } = this.parts;
    const immersive = this.immersive();
    const eye = immersive ? renderer.xr.getCamera() : camera;
    this.labels.layout(eye, this.labelViewHeightPx(), immersive ? headsetLabelHeightAt1M : desktopLabelHeightAt1M);
    this.drawnLabelBoxes = this.labels.boxes(eye, this.labelViewHeightPx());
  }

  /**
   * Screen boxes of the labels as this frame draws them, measured from the sprites after layout: CSS pixels of the desktop
   * view, or of a view 1000 px high in a headset.
   */
  labelBoxes(): LabelBox[] {
    return this.drawnLabelBoxes;
  }

  /** The patient LPS extent (min, max corners) of the visible structures, or null when none is loaded. */
  boundsMm(): { min: Vec3; max: Vec3 } | null {
    const box = new Box3();
    for (const o of this.parts.segments.values()) box.expandByObject(o);
    if (box.isEmpty()) return null;
    const a = this.worldToLps(box.min), b = this.worldToLps(box.max);
    return { min: [0, 1, 2].map(i => Math.min(a[i], b[i])) as Vec3, max: [0, 1, 2].map(i => Math.max(a[i], b[i])) as Vec3 };
  }

  /** A room (world) point in patient LPS mm. */
  worldToLps(world: Vector3): Vec3 {
    this.parts.patient.updateMatrixWorld();
    return gltfMToLpsMm(this.parts.patient.worldToLocal(world.clone()));
  }

  private worldDirToLps(direction: Vector3): Vec3 {
    const q = this.parts.patient.getWorldQuaternion(new Quaternion()).invert();
    return gltfDirToLps(direction.clone().applyQuaternion(q).normalize());
  }

  private lpsDirToWorld(direction: Vec3): Vector3 {
    return lpsDirToGltf(direction).applyQuaternion(this.parts.patient.getWorldQuaternion(new Quaternion())).normalize();
  }

  private placeClipPlane(): void {
    const { renderer, patient } = this.parts;
    if (!this.clipping?.enabled) {
      if (renderer.clippingPlanes.length > 0) renderer.clippingPlanes = [];
      return;
    }
    patient.updateMatrixWorld();
    this.plane.setFromNormalAndCoplanarPoint(this.lpsDirToWorld(this.clipping.normal), patient.localToWorld(lpsMmToGltfM(this.clipping.pointMm)));
    if (renderer.clippingPlanes[0] !== this.plane) renderer.clippingPlanes = [this.plane];
  }

  private labelViewHeightPx(): number {
    // In a headset only proportions matter (see StructureLabels.layout); on the desktop, the canvas's CSS height.
    return this.immersive() ? 1000 : Math.max(this.parts.renderer.domElement.clientHeight, 1);
  }
}
