import { DoubleSide, Group, Material, Mesh, MeshBasicMaterial, Object3D, Plane, PlaneGeometry, Vector3, WebGLRenderer } from 'three';

/**
 * A clipping plane carried by a controller: through the controller, facing along its laser, it cuts away the anatomy
 * (and the CT volume) between the user and the plane, so pushing the controller into the anatomy opens it up. A
 * see-through 12 cm square on the controller shows where it cuts.
 */
export class ControllerClip {
  /** The plane in world space; what lies on its negative side (behind the controller) is cut away. */
  readonly plane = new Plane();
  private readonly marker: Mesh;
  on = false;

  constructor(private readonly controller: Group) {
    this.marker = new Mesh(new PlaneGeometry(0.12, 0.12), new MeshBasicMaterial({ color: '#4fb8e0', transparent: true, opacity: 0.18, side: DoubleSide, depthWrite: false }));
    this.marker.name = 'clip-plane';
    this.marker.renderOrder = 42;
    this.marker.position.set(0, 0, -0.04);
    this.marker.visible = false;
    controller.add(this.marker);
  }

  /** Turns clipping on or off for every mesh under the segment objects. */
  set(on: boolean, renderer: WebGLRenderer, segments: Iterable<Object3D>): void {
    this.on = on;
    this.marker.visible = on;
    renderer.localClippingEnabled = on;
    for (const segment of segments) {
      segment.traverse(o => {
        if (!(o instanceof Mesh)) return;
        for (const m of (Array.isArray(o.material) ? o.material : [o.material]) as Material[]) {
          m.clippingPlanes = on ? [this.plane] : null;
          m.needsUpdate = true;
        }
      });
    }
    if (on) this.update();
  }

  /** The controller's position in the room (world, m): the plane passes through it. */
  position(): Vector3 {
    this.controller.updateMatrixWorld(true);
    return new Vector3().setFromMatrixPosition(this.controller.matrixWorld);
  }

  /** Moves the plane with the controller; call each frame while on. */
  update(): Plane {
    this.controller.updateMatrixWorld(true);
    const at = new Vector3().setFromMatrixPosition(this.controller.matrixWorld);
    const forward = new Vector3(0, 0, -1).transformDirection(this.controller.matrixWorld);
    return this.plane.setFromNormalAndCoplanarPoint(forward, at);
  }
}
