import {
  ACESFilmicToneMapping, Box3, Color, DirectionalLight, DoubleSide, FrontSide, GridHelper, Group, HemisphereLight,
  Material, Mesh, MeshStandardMaterial, Object3D, PerspectiveCamera, Raycaster, SRGBColorSpace, Scene, Vector2, Vector3, WebGLRenderer,
} from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Plan, SegmentSummary, Vec3 } from '../net/protocol';
import { gltfMToLpsMm } from './coordinates';
import { buildNeedle } from './needle';
import { CanvasPanel, Overlays } from './overlays';

/** Where the anatomy's centre goes in the headset's local-floor space, in metres: 1 m ahead, chest height. */
const xrAnatomyCentreM = new Vector3(0, 1.3, -1.0);

/** Segments drawn see-through so what lies inside stays visible. */
const translucentSegments = new Set(['body', 'skin']);

const background = new Color('#15181c');

/** Called once per rendered frame; `xrFrame` is set when the frame is for a headset. */
export type FrameListener = (xrFrame: XRFrame | undefined) => void;

/**
 * The 3D view: renderer, camera, orbit controls, the anatomy from anatomy.glb and the plan overlay. All
 * content lives under one `patient` group in glTF metres of the patient frame; entering XR only moves that
 * group so the anatomy floats in front of the user.
 */
export class Viewer {
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera: PerspectiveCamera;
  private readonly controls: OrbitControls;
  private readonly patient = new Group();
  private readonly floor = new GridHelper(4, 20, 0x3a4048, 0x262b31);
  private readonly segmentObjects = new Map<string, Object3D>();
  private readonly resizeObserver: ResizeObserver;
  private anatomyCentre = new Vector3();
  private planGroup: Object3D | null = null;
  private hud: CanvasPanel | null = null;
  /** Overlays in the patient frame: crosshair, picked path, measurement, tracked needle. */
  readonly overlays = new Overlays();
  /** Called with the patient LPS point of a click (not a drag) on a segment surface. */
  onSurfacePick: ((lpsMm: Vec3) => void) | null = null;
  /** Called every frame before rendering (the VR tools hook in here). */
  readonly beforeRender: (() => void)[] = [];

  constructor(private readonly container: HTMLElement, private readonly onFrame: FrameListener) {
    this.renderer = new WebGLRenderer({ antialias: true, alpha: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.outputColorSpace = SRGBColorSpace;
    this.renderer.toneMapping = ACESFilmicToneMapping;
    this.renderer.xr.enabled = true;
    this.renderer.xr.setReferenceSpaceType('local-floor');
    this.renderer.domElement.className = 'viewport-canvas';
    container.appendChild(this.renderer.domElement);

    this.scene.background = background;
    this.camera = new PerspectiveCamera(40, 1, 0.005, 50);
    this.camera.position.set(0, 0.2, 1);
    this.scene.add(this.camera);

    this.scene.add(new HemisphereLight(0xdfe8f2, 0x3a332c, 1.4));
    const key = new DirectionalLight(0xffffff, 1.6);
    key.position.set(0.3, 0.5, 1);
    this.camera.add(key); // a headlight: the lit side is always the side being looked at
    this.camera.add(key.target);

    this.patient.name = 'patient';
    this.scene.add(this.patient);
    this.patient.add(this.overlays.group);
    this.listenForPicks();
    this.floor.visible = false;
    this.scene.add(this.floor);

    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();

    this.renderer.setAnimationLoop((_time: number, frame?: XRFrame) => {
      if (!this.renderer.xr.isPresenting) this.controls.update();
      this.hud?.update();
      for (const hook of this.beforeRender) hook();
      this.renderer.render(this.scene, this.camera);
      this.onFrame(frame);
    });
  }

  /**
   * Loads anatomy.glb and styles each segment mesh with its case colour. Returns the segment names found
   * in the file, in file order.
   */
  async loadAnatomy(url: string, segments: readonly SegmentSummary[]): Promise<string[]> {
    const gltf = await new GLTFLoader().loadAsync(url);
    const byName = new Map(segments.map(s => [s.name, s]));
    const names: string[] = [];
    gltf.scene.traverse(object => {
      if (!(object instanceof Mesh)) return;
      // A node with several primitives loads as a group of unnamed meshes; the segment is the group.
      const owner = object.name === '' && object.parent ? object.parent : object;
      const name = owner.name;
      if (name === '' || this.segmentObjects.has(name)) {
        this.styleMesh(object, byName.get(name));
        return;
      }
      this.segmentObjects.set(name, owner);
      names.push(name);
      this.styleMesh(object, byName.get(name));
    });
    this.patient.add(gltf.scene);
    this.frameAnatomy();
    return names;
  }

  /** Draws one trajectory of the plan (the chosen, first, one by default), replacing the one drawn before. */
  showPlan(plan: Plan, index = 0): void {
    if (this.planGroup) this.patient.remove(this.planGroup);
    this.planGroup = null;
    const shown = plan.trajectories[index];
    if (!shown) return;
    const target = plan.targets.find(t => t.name === shown.target);
    this.planGroup = buildNeedle(shown, target);
    this.patient.add(this.planGroup);
  }

  /** Sets a segment's opacity 0..1 (1 is opaque); returns false when no mesh has that name. */
  setSegmentOpacity(name: string, opacity: number): boolean {
    return this.eachMaterial(name, m => {
      m.opacity = opacity;
      m.transparent = opacity < 1;
      m.depthWrite = opacity >= 1;
    });
  }

  /** Sets a segment's colour (sRGB 0..1); returns false when no mesh has that name. */
  setSegmentColor(name: string, rgb: [number, number, number]): boolean {
    return this.eachMaterial(name, m => m.color.setRGB(rgb[0], rgb[1], rgb[2], SRGBColorSpace));
  }

  /** Shows a canvas as a floating panel in the headset (bottom left of the view); null removes it. */
  setHud(source: { canvas: HTMLCanvasElement; version: number } | null): void {
    if (this.hud) this.camera.remove(this.hud.mesh);
    this.hud = source ? new CanvasPanel(source) : null;
    if (this.hud) {
      this.hud.mesh.position.set(-0.22, -0.12, -0.6);
      this.hud.mesh.visible = this.renderer.xr.isPresenting;
      this.camera.add(this.hud.mesh);
    }
  }

  /** The parts the VR planning tools work with: renderer, scene, camera, the patient group and the segment meshes. */
  xrHost(): { renderer: WebGLRenderer; scene: Scene; camera: PerspectiveCamera; patient: Group; segments: ReadonlyMap<string, Object3D> } {
    return { renderer: this.renderer, scene: this.scene, camera: this.camera, patient: this.patient, segments: this.segmentObjects };
  }

  /** The renderer, camera, orbit controls, patient group and segment objects, for layers that add to the view (classroom). */
  parts(): { renderer: WebGLRenderer; camera: PerspectiveCamera; controls: OrbitControls; patient: Group; segments: ReadonlyMap<string, Object3D> } {
    return { renderer: this.renderer, camera: this.camera, controls: this.controls, patient: this.patient, segments: this.segmentObjects };
  }

  /** Number of draw calls and triangles of the last rendered frame (both eyes in XR). */
  renderStats(): { calls: number; triangles: number } {
    return { calls: this.renderer.info.render.calls, triangles: this.renderer.info.render.triangles };
  }

  private eachMaterial(name: string, apply: (m: MeshStandardMaterial) => void): boolean {
    const object = this.segmentObjects.get(name);
    if (!object) return false;
    object.traverse(o => {
      if (o instanceof Mesh && o.material instanceof MeshStandardMaterial) apply(o.material);
    });
    return true;
  }

  private listenForPicks(): void {
    const canvas = this.renderer.domElement;
    let down: { x: number; y: number } | null = null;
    canvas.addEventListener('pointerdown', e => { down = { x: e.clientX, y: e.clientY }; });
    canvas.addEventListener('pointerup', e => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 4 || !this.onSurfacePick) return;
      const rect = canvas.getBoundingClientRect();
      const ndc = new Vector2((e.clientX - rect.left) / rect.width * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
      const ray = new Raycaster();
      ray.setFromCamera(ndc, this.camera);
      const visible = [...this.segmentObjects.values()].filter(o => o.visible);
      const hit = ray.intersectObjects(visible, true)[0];
      if (hit) this.onSurfacePick(gltfMToLpsMm(this.patient.worldToLocal(hit.point.clone())));
    });
  }

  /** Names of the segment meshes in the scene. */
  segmentNames(): string[] {
    return [...this.segmentObjects.keys()];
  }

  /** Shows or hides one segment; returns false when no mesh has that name. */
  setSegmentVisible(name: string, visible: boolean): boolean {
    const object = this.segmentObjects.get(name);
    if (!object) return false;
    object.visible = visible;
    return true;
  }

  /** Whether the segment's mesh is drawn. */
  isSegmentVisible(name: string): boolean {
    return this.segmentObjects.get(name)?.visible ?? false;
  }

  /**
   * Hands an immersive session to three's WebXR renderer and moves the anatomy in front of the user.
   * `framebufferScale` below 1 renders fewer pixels per eye; emulation uses it, because an emulated headset's
   * full per-eye resolution drawn by a desktop (or software) GPU would crawl.
   */
  async enterXr(session: XRSession, framebufferScale = 1, passthrough = false): Promise<void> {
    this.patient.position.copy(xrAnatomyCentreM).sub(this.anatomyCentre);
    this.floor.visible = !passthrough;
    // In AR the camera image is the background: clear to transparent.
    this.scene.background = passthrough ? null : background;
    if (this.hud) this.hud.mesh.visible = true;
    this.renderer.xr.setFramebufferScaleFactor(framebufferScale);
    await this.renderer.xr.setSession(session);
  }

  /** Puts the anatomy back where the desktop camera expects it, after the session ended. */
  exitXr(): void {
    this.patient.position.set(0, 0, 0);
    this.floor.visible = false;
    this.scene.background = background;
    if (this.hud) this.hud.mesh.visible = false;
    this.resize();
  }

  private styleMesh(mesh: Mesh, segment: SegmentSummary | undefined): void {
    const old = mesh.material as Material | Material[];
    const source = Array.isArray(old) ? old[0] : old;
    const material = source instanceof MeshStandardMaterial ? source.clone() : new MeshStandardMaterial();
    if (segment) material.color.setRGB(segment.color[0], segment.color[1], segment.color[2], SRGBColorSpace);
    material.metalness = 0;
    material.roughness = 0.55;
    const name = segment?.name ?? mesh.name;
    if (translucentSegments.has(name)) {
      material.transparent = true;
      material.opacity = 0.3;
      material.emissive.copy(material.color).multiplyScalar(0.12);
      material.depthWrite = false;
      material.side = FrontSide;
      mesh.renderOrder = 3;
    } else {
      material.side = DoubleSide;
    }
    mesh.material = material;
  }

  private frameAnatomy(): void {
    const box = new Box3().setFromObject(this.patient);
    if (box.isEmpty()) return;
    box.getCenter(this.anatomyCentre);
    const size = box.getSize(new Vector3());
    const radius = Math.max(size.length() / 2, 0.01);
    const distance = radius / Math.sin((this.camera.fov * Math.PI) / 360) * 1.05;
    // Anterior oblique from the patient's right and above (glTF +Z is anterior, -X is right), so a needle
    // entering from the front is not seen end-on.
    const from = new Vector3(-0.35, 0.3, 1).normalize().multiplyScalar(distance);
    this.camera.position.copy(this.anatomyCentre).add(from);
    this.camera.near = distance / 100;
    this.camera.far = distance * 20;
    this.camera.updateProjectionMatrix();
    this.controls.target.copy(this.anatomyCentre);
    this.controls.update();
  }

  private resize(): void {
    if (this.renderer.xr.isPresenting) return;
    const width = Math.max(this.container.clientWidth, 1);
    const height = Math.max(this.container.clientHeight, 1);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }
}
