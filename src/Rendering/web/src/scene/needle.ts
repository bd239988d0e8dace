import {
  Color, ConeGeometry, CylinderGeometry, Group, Mesh, MeshBasicMaterial, MeshStandardMaterial, Quaternion, SphereGeometry, Vector3,
} from 'three';
import type { PlanTarget, Trajectory } from '../net/protocol';
import { lpsMmToGltfM } from './coordinates';

const mm = 1 / 1000;

/** Colours of the plan overlay: restrained, distinguishable from anatomy, readable on a dark background. */
export const planColors = {
  needle: new Color('#dfe5ec'),
  entry: new Color('#4fb8e0'),
  target: new Color('#f2a93b'),
  lesion: new Color('#f2a93b'),
} as const;

/**
 * The planned needle as scene objects in glTF metres of the patient frame: a thin shaft from entry to
 * target, a sphere at each end, a cone for the tip and, when the target is known, its equivalent sphere.
 */
export function buildNeedle(trajectory: Trajectory, target: PlanTarget | undefined): Group {
  const group = new Group();
  group.name = 'plan';
  const entry = lpsMmToGltfM(trajectory.entryMm);
  const tip = lpsMmToGltfM(trajectory.targetMm);
  const axis = new Vector3().subVectors(tip, entry);
  const length = axis.length();
  const direction = length > 0 ? axis.clone().divideScalar(length) : new Vector3(0, -1, 0);
  // Cylinder and cone geometry run along +Y; rotate +Y onto the insertion direction.
  const alongNeedle = new Quaternion().setFromUnitVectors(new Vector3(0, 1, 0), direction);

  const tipLength = Math.min(8 * mm, length * 0.25);
  const shaftLength = Math.max(length - tipLength, 0);
  const metal = new MeshStandardMaterial({ color: planColors.needle, metalness: 0.4, roughness: 0.35 });

  const shaft = new Mesh(new CylinderGeometry(0.9 * mm, 0.9 * mm, shaftLength, 16), metal);
  shaft.name = 'needle-shaft';
  shaft.position.copy(entry).addScaledVector(direction, shaftLength / 2);
  shaft.quaternion.copy(alongNeedle);
  group.add(shaft);

  const tipCone = new Mesh(new ConeGeometry(1.6 * mm, tipLength, 20), metal);
  tipCone.name = 'needle-tip';
  // ConeGeometry's apex is at +Y/2, so its centre sits half a tip length behind the target.
  tipCone.position.copy(tip).addScaledVector(direction, -tipLength / 2);
  tipCone.quaternion.copy(alongNeedle);
  group.add(tipCone);

  group.add(marker('entry-marker', entry, 3 * mm, planColors.entry));
  group.add(marker('target-marker', tip, 2.5 * mm, planColors.target));

  if (target) {
    const lesion = new Mesh(
      new SphereGeometry(target.radiusMm * mm, 32, 16),
      new MeshStandardMaterial({
        color: planColors.lesion, transparent: true, opacity: 0.28, depthWrite: false, roughness: 0.8,
      }),
    );
    lesion.name = 'target-lesion';
    lpsMmToGltfM(target.centerMm, lesion.position);
    lesion.renderOrder = 2;
    group.add(lesion);
  }
  addGhosts(group);
  return group;
}

/**
 * Adds a faint copy of each plan object drawn without depth test, so needle and target stay visible through
 * opaque organs, the way a planning overlay should, while the solid copy still shows what is in front.
 */
function addGhosts(group: Group): void {
  for (const child of [...group.children]) {
    if (!(child instanceof Mesh)) continue;
    const source = child.material as MeshStandardMaterial;
    const ghost = new Mesh(child.geometry, new MeshBasicMaterial({
      color: source.color, transparent: true, opacity: 0.35, depthTest: false, depthWrite: false,
    }));
    ghost.name = `${child.name}-ghost`;
    ghost.position.copy(child.position);
    ghost.quaternion.copy(child.quaternion);
    ghost.renderOrder = 10;
    group.add(ghost);
  }
}

function marker(name: string, at: Vector3, radiusM: number, color: Color): Mesh {
  const sphere = new Mesh(
    new SphereGeometry(radiusM, 24, 12),
    new MeshStandardMaterial({ color, emissive: color, emissiveIntensity: 0.35, roughness: 0.5 }),
  );
  sphere.name = name;
  sphere.position.copy(at);
  return sphere;
}
