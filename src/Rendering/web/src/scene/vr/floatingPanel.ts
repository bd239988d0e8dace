import { CanvasTexture, Mesh, MeshBasicMaterial, PlaneGeometry, Vector3 } from 'three';
import type { Raycaster, Scene } from 'three';
import type { Vec3 } from '../../net/protocol';
import { VrPanel } from '../../ui/vrPanel';
import { vrDiagnostics } from './vrDiagnostics';

/** Height of the panel in the room, in metres. */
const heightM = 0.42;

/**
 * The VR panel as an object in the room: a textured quad left of the anatomy, facing the user, that shows the
 * canvas-drawn {@link VrPanel} and turns a laser ray into the button it points at. Redraws are uploaded only when the
 * canvas changed.
 */
export class FloatingPanel {
  readonly panel = new VrPanel();
  readonly mesh: Mesh;
  private readonly texture: CanvasTexture;
  private uploaded = -1;

  constructor(scene: Scene) {
    this.texture = new CanvasTexture(this.panel.canvas);
    this.mesh = new Mesh(new PlaneGeometry(heightM * VrPanel.aspect, heightM), new MeshBasicMaterial({ map: this.texture, transparent: true }));
    this.mesh.name = 'vr-panel';
    this.mesh.position.set(-0.48, 1.3, -0.82);
    this.mesh.lookAt(0, 1.4, 0);
    this.mesh.visible = false;
    scene.add(this.mesh);
    vrDiagnostics.panelButtonWorld = id => this.buttonWorld(id);
    vrDiagnostics.panelNormalWorld = () => new Vector3(0, 0, 1).transformDirection(this.mesh.matrixWorld).toArray() as Vec3;
  }

  /** Where a ray meets the panel: the point (world) and texture coordinates, or null when it misses. */
  hit(ray: Raycaster): { point: Vector3; uv: { x: number; y: number } } | null {
    const onPanel = ray.intersectObject(this.mesh, false)[0];
    return onPanel?.uv ? { point: onPanel.point, uv: onPanel.uv } : null;
  }

  /** Uploads the canvas to the texture when it was redrawn since the last frame. */
  flush(): void {
    if (this.panel.version === this.uploaded) return;
    this.uploaded = this.panel.version;
    this.texture.needsUpdate = true;
  }

  /** World position (m) of a button's centre, or null when the panel does not show it. */
  private buttonWorld(id: string): Vec3 | null {
    const uv = this.panel.buttonUv(id);
    if (!uv) return null;
    const { width, height } = (this.mesh.geometry as PlaneGeometry).parameters;
    this.mesh.updateMatrixWorld(true);
    return this.mesh.localToWorld(new Vector3((uv.x - 0.5) * width, (uv.y - 0.5) * height, 0)).toArray() as Vec3;
  }
}
