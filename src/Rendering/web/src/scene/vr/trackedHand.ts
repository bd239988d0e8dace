import {
  BufferAttribute, BufferGeometry, Color, InstancedMesh, LineBasicMaterial, LineSegments, Matrix4, MeshStandardMaterial, Quaternion, Scene,
  SphereGeometry, Vector3, WebGLRenderer, type XRHandSpace,
} from 'three';

/** The fingers whose tips close on the palm in a fist. The thumb is left out: it may rest anywhere. */
const fingers = ['index-finger', 'middle-finger', 'ring-finger', 'pinky-finger'] as const;

/**
 * A fingertip counts as curled nearer the palm centre than this fraction of the wrist-to-knuckle length (about
 * 9.6 cm on IWER's hand): curled tips sit at 0.37-0.67 of it, extended ones at 1.2-1.5, the index of a pinch at 1.09.
 */
const curledBelow = 0.75;
/** A fist opens only when a tip goes past this fraction, so a hand near the threshold does not flicker. */
const openAbove = 0.9;

const jointCount = 25;
/** The bones drawn between joints: each finger from the wrist to its tip. */
const bones: [XRHandJoint, XRHandJoint][] = (['thumb', ...fingers] as const).flatMap(f => {
  const chain: XRHandJoint[] = f === 'thumb'
    ? ['wrist', 'thumb-metacarpal', 'thumb-phalanx-proximal', 'thumb-phalanx-distal', 'thumb-tip']
    : ['wrist', `${f}-metacarpal`, `${f}-phalanx-proximal`, `${f}-phalanx-intermediate`, `${f}-phalanx-distal`, `${f}-tip`];
  return chain.slice(1).map((joint, i): [XRHandJoint, XRHandJoint] => [chain[i], joint]);
});
const idleColour = new Color('#c9d3dd');
const grabColour = new Color('#ffb454');

/**
 * One tracked hand: three's joint poses for it, the fist that grabs, the palm pose grabbing follows, and the hand
 * drawn as a sphere per joint and a line per bone (two draw calls), amber while it grabs.
 *
 * Why a fist: pinch (index to thumb) is the browser's select, which picks and drags target and entry, so grabbing
 * needs a gesture that a pinch never makes. In a fist all four fingertips lie in the palm; in a pinch the index
 * tip is out at the thumb and the other fingers are open or loosely curled, and in a pointing hand the index is
 * straight. A fist is also the hand's own grab, as squeeze is on a controller, and it works wherever the hand
 * points, including at the anatomy, where a pinch places the target.
 */
export class TrackedHand {
  readonly space: XRHandSpace;
  private readonly model: InstancedMesh;
  private readonly skeleton: LineSegments;
  /** True while the hand makes a fist. */
  fist = false;
  /** Fingertip distance to the palm centre over the wrist-to-knuckle length, the largest of the four (for diagnostics). */
  openness = Number.NaN;

  constructor(renderer: WebGLRenderer, scene: Scene, index: number) {
    this.space = renderer.xr.getHand(index);
    scene.add(this.space);
    this.model = new InstancedMesh(new SphereGeometry(1, 10, 6), new MeshStandardMaterial({ color: '#ffffff', roughness: 0.6, metalness: 0 }), jointCount);
    this.model.name = `hand-${index}`;
    this.model.frustumCulled = false; // the instances move far from the geometry's own bounds
    this.model.visible = false;
    this.skeleton = new LineSegments(
      new BufferGeometry().setAttribute('position', new BufferAttribute(new Float32Array(bones.length * 6), 3)),
      new LineBasicMaterial({ color: '#ffffff' }),
    );
    this.skeleton.frustumCulled = false;
    this.skeleton.visible = false;
    scene.add(this.model, this.skeleton);
  }

  /** True while the browser reports this hand's joints. */
  get tracked(): boolean {
    return this.space.visible && this.space.joints.wrist !== undefined;
  }

  /** Reads the joints of this frame: updates the fist and the spheres; returns true when the fist closed or opened. */
  update(): boolean {
    const tracked = this.tracked;
    this.model.visible = this.skeleton.visible = tracked;
    if (!tracked) {
      const was = this.fist;
      this.fist = false;
      return was;
    }
    this.space.updateMatrixWorld(true);
    const palm = this.palmCentre(new Vector3());
    const length = this.at('wrist').distanceTo(this.at('middle-finger-phalanx-proximal'));
    this.openness = Math.max(...fingers.map(f => this.at(`${f}-tip`).distanceTo(palm) / length));
    const was = this.fist;
    this.fist = was ? this.openness < openAbove : this.openness < curledBelow;
    this.drawJoints();
    return this.fist !== was;
  }

  /** The palm's pose in world space: at the palm centre, turned with the wrist. */
  palm(into: Matrix4): Matrix4 {
    const wrist = this.space.joints.wrist!;
    return into.compose(this.palmCentre(new Vector3()), new Quaternion().setFromRotationMatrix(wrist.matrixWorld), new Vector3(1, 1, 1));
  }

  /** Midway between the wrist and the middle finger's knuckle. */
  private palmCentre(into: Vector3): Vector3 {
    return into.copy(this.at('wrist')).add(this.at('middle-finger-phalanx-proximal')).multiplyScalar(0.5);
  }

  private at(joint: XRHandJoint): Vector3 {
    const space = this.space.joints[joint];
    if (!space) throw new Error(`the tracked hand reports no ${joint} joint`);
    return new Vector3().setFromMatrixPosition(space.matrixWorld);
  }

  private drawJoints(): void {
    const m = new Matrix4();
    let i = 0;
    for (const joint of Object.values(this.space.joints)) {
      if (!joint || i >= jointCount) continue;
      const r = joint.jointRadius ?? 0.008;
      m.copy(joint.matrixWorld).scale(new Vector3(r, r, r));
      this.model.setMatrixAt(i++, m);
    }
    this.model.count = i;
    this.model.instanceMatrix.needsUpdate = true;
    const position = this.skeleton.geometry.getAttribute('position') as BufferAttribute;
    bones.forEach(([a, b], n) => {
      position.setXYZ(2 * n, ...this.at(a).toArray());
      position.setXYZ(2 * n + 1, ...this.at(b).toArray());
    });
    position.needsUpdate = true;
    const colour = this.fist ? grabColour : idleColour;
    (this.model.material as MeshStandardMaterial).color.copy(colour);
    (this.skeleton.material as LineBasicMaterial).color.copy(colour);
  }
}
