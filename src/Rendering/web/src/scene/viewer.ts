import {
  ACESFilmicToneMapping, Box3, Color, DirectionalLight, DoubleSide, FrontSide, GridHelper, Group, HemisphereLight,
  Material, Mesh, MeshStandardMaterial, Object3D, PerspectiveCamera, SRGBColorSpace, Scene, Vector3, WebGLRenderer,
} from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Plan, SegmentSummary } from '../net/protocol';
import { buildNeedle } from './needle';

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

  constructor(private readonly container: HTMLElement, private readonly onFrame: FrameListener) {
    this.renderer = new WebGLRenderer({ antialias: true, alpha: false });
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

  /** Draws the plan's chosen (first) trajectory; a plan without trajectories draws nothing. */
  showPlan(plan: Plan): void {
    const best = plan.trajectories[0];
    if (!best) return;
    const target = plan.targets.find(t => t.name === best.target);
    this.patient.add(buildNeedle(best, target));
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
  async enterXr(session: XRSession, framebufferScale = 1): Promise<void> {
    this.patient.position.copy(xrAnatomyCentreM).sub(this.anatomyCentre);
    this.floor.visible = true;
    this.renderer.xr.setFramebufferScaleFactor(framebufferScale);
    await this.renderer.xr.setSession(session);
  }

  /** Puts the anatomy back where the desktop camera expects it, after the session ended. */
  exitXr(): void {
    this.patient.position.set(0, 0, 0);
    this.floor.visible = false;
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
