import {
  Color, ConeGeometry, CylinderGeometry, Group, Mesh, MeshBasicMaterial, MeshStandardMaterial, Object3D, Quaternion, SphereGeometry, Vector3,
} from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { Vec3 } from '../../net/protocol';
import type { RehearsalNeedle } from '../../net/vrApi';
import { lpsMmToGltfM } from '../coordinates';

const mm = 1 / 1000;

/** Seconds of playback for the insertion and for the ablation (the device time is compressed into it). */
export const insertionSeconds = 4;
export const ablationSeconds = 8;

/** Where a rehearsal is: phase, 0..1 progress within it, and the tip in patient LPS mm. */
export interface RehearsalState {
  phase: 'idle' | 'inserting' | 'ablating' | 'done';
  progress: number;
  tipMm: Vec3 | null;
  /** Device seconds represented by the ablation progress (the table time), or null without settings. */
  deviceSeconds: number | null;
}

/**
 * Plays a planned insertion in the patient frame: the needle advances from the skin entry to the target, then the
 * predicted ablation zone and, when `simulate` has run for this path, the simulated necrosis grow around the tip.
 * The device table and the simulation give final shapes only; the growth in between (radius ∝ √t, as a heat front
 * spreads) is a visual aid, and the panel says so.
 */
export class Rehearsal {
  readonly group = new Group();
  private readonly needle = new Group();
  private zone: Mesh | null = null;
  private necrosis: Object3D | null = null;
  private necrosisCentre = new Vector3();
  private startedAt = -1;
  state: RehearsalState = { phase: 'idle', progress: 0, tipMm: null, deviceSeconds: null };

  constructor(readonly plan: RehearsalNeedle) {
    this.group.name = 'rehearsal';
    const metal = new MeshStandardMaterial({ color: '#e8edf2', metalness: 0.5, roughness: 0.3, emissive: new Color('#223'), depthTest: false, transparent: true });
    const shaft = new Mesh(new CylinderGeometry(1.2 * mm, 1.2 * mm, 1, 16).translate(0, -0.5, 0), metal);
    shaft.name = 'rehearsal-shaft';
    const tip = new Mesh(new ConeGeometry(1.8 * mm, 6 * mm, 16).translate(0, -3 * mm, 0), metal);
    tip.name = 'rehearsal-tip';
    // Both run along -Y from the group's origin, which is the tip; the group is turned so -Y points back to the entry.
    shaft.renderOrder = tip.renderOrder = 25;
    this.needle.add(shaft, tip);
    this.needle.visible = false;
    this.group.add(this.needle);
    if (plan.zone) {
      const z = plan.zone;
      this.zone = new Mesh(new SphereGeometry(1, 40, 20), new MeshStandardMaterial({
        color: '#f2a93b', emissive: new Color('#f2a93b'), emissiveIntensity: 0.25, transparent: true, opacity: 0.3, depthWrite: false,
        depthTest: false, // seen through the organ it lies in, like the plan overlay
      }));
      this.zone.name = 'rehearsal-zone';
      lpsMmToGltfM(z.centerMm, this.zone.position);
      const axis = lpsMmToGltfM([z.centerMm[0] + z.axis[0], z.centerMm[1] + z.axis[1], z.centerMm[2] + z.axis[2]]).sub(this.zone.position).normalize();
      this.zone.quaternion.setFromUnitVectors(new Vector3(0, 1, 0), axis);
      this.zone.userData.full = new Vector3(z.diameterMm / 2 * mm, z.lengthMm / 2 * mm, z.diameterMm / 2 * mm);
      this.zone.visible = false;
      this.zone.renderOrder = 4;
      this.group.add(this.zone);
    }
  }

  /** Loads the necrosis mesh of the simulation, when the plan has one for this path. */
  async loadNecrosis(url: string | null): Promise<void> {
    if (!url) return;
    const gltf = await new GLTFLoader().loadAsync(url);
    const material = new MeshBasicMaterial({ color: '#e0531f', transparent: true, opacity: 0.5, depthWrite: false, depthTest: false });
    gltf.scene.traverse(o => { if (o instanceof Mesh) { o.material = material; o.renderOrder = 6; } });
    // Grow it about the tip: wrap it in a group centred on the target so scaling keeps the shape in place.
    lpsMmToGltfM(this.plan.targetMm, this.necrosisCentre);
    const holder = new Group();
    holder.name = 'rehearsal-necrosis';
    holder.position.copy(this.necrosisCentre);
    gltf.scene.position.copy(this.necrosisCentre).negate();
    holder.add(gltf.scene);
    holder.visible = false;
    this.necrosis = holder;
    this.group.add(holder);
  }

  /** Starts (or restarts) playback at `nowMs` (performance.now()). */
  play(nowMs: number): void {
    this.startedAt = nowMs;
    this.update(nowMs);
  }

  /** Back to the start, nothing shown. */
  reset(): void {
    this.startedAt = -1;
    this.needle.visible = false;
    if (this.zone) this.zone.visible = false;
    if (this.necrosis) this.necrosis.visible = false;
    this.state = { phase: 'idle', progress: 0, tipMm: null, deviceSeconds: null };
  }

  /** Moves the needle and grows the zones for the time `nowMs`; returns true while something changes. */
  update(nowMs: number): boolean {
    if (this.startedAt < 0) return false;
    const t = (nowMs - this.startedAt) / 1000;
    const entry = this.plan.entryMm, target = this.plan.targetMm;
    const insert = Math.min(t / insertionSeconds, 1);
    const tip: Vec3 = [0, 1, 2].map(i => entry[i] + (target[i] - entry[i]) * insert) as Vec3;
    this.placeNeedle(tip);
    const ablate = Math.min(Math.max((t - insertionSeconds) / ablationSeconds, 0), 1);
    const grow = Math.sqrt(ablate);
    if (this.zone) {
      this.zone.visible = ablate > 0;
      this.zone.scale.copy(this.zone.userData.full as Vector3).multiplyScalar(Math.max(grow, 1e-3));
    }
    if (this.necrosis) {
      this.necrosis.visible = ablate > 0;
      this.necrosis.scale.setScalar(Math.max(grow, 1e-3));
    }
    const deviceTime = this.plan.settings?.timeS;
    this.state = {
      phase: insert < 1 ? 'inserting' : ablate < 1 ? 'ablating' : 'done',
      progress: insert < 1 ? insert : ablate,
      tipMm: tip,
      deviceSeconds: deviceTime ? ablate * deviceTime : null,
    };
    return this.state.phase !== 'done';
  }

  private placeNeedle(tipMm: Vec3): void {
    const tip = lpsMmToGltfM(tipMm);
    const entry = lpsMmToGltfM(this.plan.entryMm);
    const back = entry.clone().sub(lpsMmToGltfM(this.plan.targetMm)).normalize();
    this.needle.visible = true;
    this.needle.position.copy(tip);
    this.needle.quaternion.copy(new Quaternion().setFromUnitVectors(new Vector3(0, -1, 0), back));
    // The shaft reaches 40 mm outside the skin, as a hub the hand holds.
    const shaft = this.needle.children[0];
    shaft.scale.set(1, tip.distanceTo(entry) + 40 * mm, 1);
  }

  /** Frees geometry and materials. */
  dispose(): void {
    this.group.traverse(o => {
      if (o instanceof Mesh) {
        o.geometry.dispose();
        (Array.isArray(o.material) ? o.material : [o.material]).forEach(m => m.dispose());
      }
    });
  }
}
