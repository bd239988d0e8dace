import { Group, Matrix4, Mesh, MeshBasicMaterial, Scene, SphereGeometry, WebGLRenderer } from 'three';
import type { Vec3 } from '../../net/protocol';
import type { Hand } from './arApi';

/** What the registration is told the controllers did. */
export interface ArControllerEvents {
  /** Trigger pressed (selectstart: the same moment on a headset and under iwer, which fires select on press). */
  triggerDown(hand: Hand): void;
  /** Trigger released (selectend). */
  triggerUp(hand: Hand): void;
  /** Squeeze pressed. */
  squeeze(hand: Hand): void;
  /** B (right) or Y (left) pressed. */
  secondButton(hand: Hand): void;
}

interface Controller {
  hand: Hand | null;
  ray: Group;
  grip: Group;
  tip: Mesh;
  source: XRInputSource | null;
  secondDown: boolean;
}

/**
 * The headset's two controllers for the AR registration: their handedness, grip poses (WebXR gripSpace, what the tip
 * calibration refers to), trigger, squeeze and B/Y presses, and a small marker at each calibrated tip.
 */
export class ArControllers {
  private readonly controllers: Controller[] = [];

  constructor(renderer: WebGLRenderer, scene: Scene, private readonly events: ArControllerEvents) {
    for (const index of [0, 1]) {
      const ray = renderer.xr.getController(index);
      const grip = renderer.xr.getControllerGrip(index);
      const tip = new Mesh(new SphereGeometry(0.003, 12, 8), new MeshBasicMaterial({ color: '#00e5ff', depthTest: false }));
      tip.name = `controller-tip-${index}`;
      tip.renderOrder = 33;
      tip.visible = false;
      grip.add(tip);
      scene.add(grip);
      const c: Controller = { hand: null, ray, grip, tip, source: null, secondDown: false };
      ray.addEventListener('connected', e => {
        c.source = (e as unknown as { data: XRInputSource }).data;
        c.hand = c.source.handedness === 'left' ? 'left' : c.source.handedness === 'right' ? 'right' : null;
      });
      ray.addEventListener('disconnected', () => { c.source = null; c.hand = null; });
      ray.addEventListener('selectstart', () => { if (c.hand) this.events.triggerDown(c.hand); });
      ray.addEventListener('selectend', () => { if (c.hand) this.events.triggerUp(c.hand); });
      ray.addEventListener('squeeze', () => { if (c.hand) this.events.squeeze(c.hand); });
      this.controllers.push(c);
    }
  }

  /** The grip → headset world pose of a hand now, 4×4 row-major in mm; null when that controller is not tracked. */
  gripToXrWorldMm(hand: Hand): number[] | null {
    const c = this.find(hand);
    if (!c || !c.source) return null;
    return rowMajorMm(c.grip.matrix);
  }

  /** The grip pose relative to the target-ray pose of a hand (row-major, metres): the runtime's fixed grip offset. */
  gripInRay(hand: Hand): number[] | null {
    const c = this.find(hand);
    if (!c) return null;
    const m = c.ray.matrix.clone().invert().multiply(c.grip.matrix);
    return Array.from(m.clone().transpose().elements);
  }

  /** Shows the calibrated tip of a hand (grip frame, mm) as a marker; null hides it. */
  showTip(hand: Hand, tipInGripMm: Vec3 | null): void {
    const c = this.find(hand);
    if (!c) return;
    c.tip.visible = tipInGripMm !== null;
    if (tipInGripMm) c.tip.position.set(tipInGripMm[0] / 1000, tipInGripMm[1] / 1000, tipInGripMm[2] / 1000);
  }

  /** Where a hand's tip marker is drawn, world metres; null when it is hidden. */
  tipWorld(hand: Hand): [number, number, number] | null {
    const c = this.find(hand);
    if (!c || !c.tip.visible) return null;
    c.tip.updateWorldMatrix(true, false);
    const e = c.tip.matrixWorld.elements;
    return [e[12], e[13], e[14]];
  }

  /** Reads the B/Y buttons as presses; call once per frame. */
  update(): void {
    for (const c of this.controllers) {
      const down = c.source?.gamepad?.buttons[5]?.pressed === true;
      if (down && !c.secondDown && c.hand) this.events.secondButton(c.hand);
      c.secondDown = down;
    }
  }

  private find(hand: Hand): Controller | undefined {
    return this.controllers.find(c => c.hand === hand);
  }
}

/** A three.js matrix (metres) as 16 numbers row-major with the translation in mm. */
function rowMajorMm(m: Matrix4): number[] {
  const r = Array.from(m.clone().transpose().elements);
  for (const i of [3, 7, 11]) r[i] *= 1000;
  return r;
}
