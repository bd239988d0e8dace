import {
  BufferGeometry, Float32BufferAttribute, Group, Line, LineBasicMaterial, Matrix4, Mesh, MeshBasicMaterial, Object3D,
  Quaternion, Raycaster, Scene, SphereGeometry, Vector3, WebGLRenderer,
} from 'three';
import { TrackedHand } from './trackedHand';

/** One controller (or tracked hand) of the headset: its target-ray group, laser and buttons. */
export interface VrHand {
  index: number;
  /** three's target-ray space group; -Z is the pointing direction. */
  ray: Group;
  source: XRInputSource | null;
  /** The joints when the source is a tracked hand (hand tracking), with its fist and palm. */
  tracked: TrackedHand;
  laser: Line;
  reticle: Mesh;
  selecting: boolean;
  /** Grabbing the anatomy: squeeze held on a controller, a fist of a tracked hand. */
  gripping: boolean;
  /** Gamepad buttons pressed in the last frame, to see presses as edges. */
  pressed: boolean[];
  /** Thumbstick x was past the flip threshold in the last frame. */
  stickOut: number;
}

/** What the planner is told happened with the controllers this frame. */
export interface VrInputEvents {
  selectStart(hand: VrHand): void;
  selectEnd(hand: VrHand): void;
  /** A gamepad button went down: 4 is A/X, 5 is B/Y on Quest controllers (xr-standard mapping). */
  button(hand: VrHand, index: number): void;
  /** The thumbstick was pushed right (+1) or left (−1) past half way. */
  flick(hand: VrHand, direction: 1 | -1): void;
  /** A hand started grabbing (squeeze or fist); a pinch that closed into the fist must not stay a pick. */
  grabStart(hand: VrHand): void;
}

const laserLengthM = 3;

/**
 * The headset's controllers or tracked hands: a laser from each, select (trigger or pinch) and squeeze events,
 * thumbstick flicks and button presses, and grabbing with squeeze or, for a tracked hand, a fist. One hand grabbing
 * carries the anatomy rigidly with the controller or the palm; two hands scale it by the change of their distance
 * and turn it with the line between them, about their midpoint.
 */
export class VrInput {
  readonly hands: VrHand[] = [];
  private grab: { object: Object3D; start: Matrix4; hands: number[]; handStart: Matrix4[]; } | null = null;

  constructor(renderer: WebGLRenderer, scene: Scene, private readonly events: VrInputEvents) {
    for (const index of [0, 1]) {
      const ray = renderer.xr.getController(index);
      const laser = new Line(
        new BufferGeometry().setAttribute('position', new Float32BufferAttribute([0, 0, 0, 0, 0, -1], 3)),
        new LineBasicMaterial({ color: '#4fb8e0', transparent: true, opacity: 0.85, depthTest: false }),
      );
      laser.scale.z = laserLengthM;
      laser.renderOrder = 40;
      laser.name = `laser-${index}`;
      const reticle = new Mesh(new SphereGeometry(0.004, 12, 8), new MeshBasicMaterial({ color: '#ffffff', depthTest: false }));
      reticle.renderOrder = 41;
      reticle.visible = false;
      ray.add(laser);
      scene.add(ray, reticle);
      const tracked = new TrackedHand(renderer, scene, index);
      const hand: VrHand = { index, ray, source: null, tracked, laser, reticle, selecting: false, gripping: false, pressed: [], stickOut: 0 };
      ray.addEventListener('connected', e => { hand.source = (e as unknown as { data: XRInputSource }).data; });
      ray.addEventListener('disconnected', () => { hand.source = null; hand.selecting = false; this.setGripping(hand, false); });
      // A fist's thumb can brush the index and pinch: a hand that grabs does not select.
      ray.addEventListener('selectstart', () => { if (hand.gripping) return; hand.selecting = true; this.events.selectStart(hand); });
      ray.addEventListener('selectend', () => { if (!hand.selecting) return; hand.selecting = false; this.events.selectEnd(hand); });
      ray.addEventListener('squeezestart', () => this.setGripping(hand, true));
      ray.addEventListener('squeezeend', () => this.setGripping(hand, false));
      this.hands.push(hand);
    }
  }

  /** The object squeezing moves (the patient group). */
  grabTarget: Object3D | null = null;

  /** True while at least one hand grabs. */
  get grabbing(): boolean {
    return this.grab !== null;
  }

  /** The hand whose handedness matches, else the one at that index. */
  hand(handedness: XRHandedness): VrHand {
    return this.hands.find(h => h.source?.handedness === handedness) ?? this.hands[handedness === 'left' ? 0 : 1];
  }

  /** A raycaster along a hand's laser, in world space. */
  raycaster(hand: VrHand, into: Raycaster): Raycaster {
    hand.ray.updateMatrixWorld(true);
    const origin = new Vector3().setFromMatrixPosition(hand.ray.matrixWorld);
    const direction = new Vector3(0, 0, -1).transformDirection(hand.ray.matrixWorld);
    into.set(origin, direction);
    into.far = laserLengthM;
    return into;
  }

  /** Shortens the laser to a hit (world point) and shows the reticle there; null shows the full laser. */
  showHit(hand: VrHand, pointWorld: Vector3 | null): void {
    const origin = new Vector3().setFromMatrixPosition(hand.ray.matrixWorld);
    hand.laser.scale.z = pointWorld ? Math.max(origin.distanceTo(pointWorld), 0.01) : laserLengthM;
    hand.reticle.visible = pointWorld !== null;
    if (pointWorld) hand.reticle.position.copy(pointWorld);
  }

  /** Reads buttons, sticks and hand joints, and moves what is grabbed. Call once per frame. */
  update(): void {
    for (const hand of this.hands) {
      if (hand.tracked.update()) this.setGripping(hand, hand.tracked.fist);
      // A grabbing hand does not point.
      hand.laser.visible = hand.source !== null && !hand.gripping;
      if (hand.gripping) hand.reticle.visible = false;
      const pad = hand.source?.gamepad;
      if (!pad) continue;
      pad.buttons.forEach((b, i) => {
        if (b.pressed && !hand.pressed[i] && i >= 3) this.events.button(hand, i);
        hand.pressed[i] = b.pressed;
      });
      const x = pad.axes.length >= 4 ? pad.axes[2] : 0;
      const out = x > 0.5 ? 1 : x < -0.5 ? -1 : 0;
      if (out !== 0 && out !== hand.stickOut) this.events.flick(hand, out);
      hand.stickOut = out;
    }
    this.moveGrabbed();
  }

  /** World pose of what a grabbing hand holds the anatomy by: a tracked hand's palm, else the controller's ray. */
  grabPose(hand: VrHand, into = new Matrix4()): Matrix4 {
    if (hand.tracked.tracked) return hand.tracked.palm(into);
    hand.ray.updateMatrixWorld(true);
    return into.copy(hand.ray.matrixWorld);
  }

  private setGripping(hand: VrHand, on: boolean): void {
    if (hand.gripping === on) return;
    hand.gripping = on;
    if (on) this.events.grabStart(hand);
    this.restartGrab();
  }

  private restartGrab(): void {
    const gripping = this.hands.filter(h => h.gripping).map(h => h.index);
    const object = this.grabTarget;
    if (gripping.length === 0 || !object) {
      this.grab = null;
      return;
    }
    object.updateMatrixWorld(true);
    this.grab = { object, start: object.matrix.clone(), hands: gripping, handStart: gripping.map(i => this.grabPose(this.hands[i])) };
  }

  private moveGrabbed(): void {
    const g = this.grab;
    if (!g) return;
    let move: Matrix4;
    if (g.hands.length === 1) {
      // Rigid: the object keeps its pose relative to the controller.
      move = this.grabPose(this.hands[g.hands[0]]).multiply(g.handStart[0].clone().invert());
    } else {
      const p0 = [0, 1].map(i => new Vector3().setFromMatrixPosition(g.handStart[i]));
      const p1 = [0, 1].map(i => new Vector3().setFromMatrixPosition(this.grabPose(this.hands[g.hands[i]])));
      const mid0 = p0[0].clone().add(p0[1]).multiplyScalar(0.5), mid1 = p1[0].clone().add(p1[1]).multiplyScalar(0.5);
      const d0 = p0[1].clone().sub(p0[0]), d1 = p1[1].clone().sub(p1[0]);
      const scale = Math.min(Math.max(d1.length() / Math.max(d0.length(), 1e-3), 0.1), 10);
      const turn = new Quaternion().setFromUnitVectors(d0.normalize(), d1.normalize());
      move = new Matrix4().makeTranslation(mid1.x, mid1.y, mid1.z)
        .multiply(new Matrix4().makeRotationFromQuaternion(turn))
        .multiply(new Matrix4().makeScale(scale, scale, scale))
        .multiply(new Matrix4().makeTranslation(-mid0.x, -mid0.y, -mid0.z));
    }
    // The object's parent is the scene, so its matrix is its world matrix.
    move.multiply(g.start).decompose(g.object.position, g.object.quaternion, g.object.scale);
    const s = Math.min(Math.max(g.object.scale.x, 0.1), 20);
    g.object.scale.setScalar(s);
  }
}
