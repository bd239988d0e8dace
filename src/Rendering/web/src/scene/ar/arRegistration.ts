import {
  CanvasTexture, Group, Matrix4, Mesh, MeshBasicMaterial, PerspectiveCamera, PlaneGeometry, SphereGeometry, Vector3, WebGLRenderer,
} from 'three';
import type { Vec3 } from '../../net/protocol';
import { lpsMmToGltfM } from '../coordinates';
import { fetchArFiducials, postArRegistration, type ArFiducial, type ArRegistrationResult } from './arApi';

/** What the registration step is doing. */
export type ArRegistrationState = 'idle' | 'loading' | 'touching' | 'solving' | 'registered' | 'refused';

/** The page's view of the AR registration, for the desktop panel and the tests (window.__surgicalnavAr). */
export interface ArRegistrationDiagnostics {
  state: ArRegistrationState;
  fiducials: ArFiducial[];
  touchedMm: Vec3[];
  result: ArRegistrationResult | null;
  error: string | null;
  /** The prompt or result line shown in the headset. */
  message: string;
  lpsToWorld: (p: Vec3) => [number, number, number];
}

/** Patient glTF metres (x, y, z) to patient LPS mm is (x, -z, y)·1000; this is that axis change as a matrix. */
const gltfToLpsAxes = new Matrix4().set(1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1);

/**
 * The in-app AR registration step: prompts through the case's skin fiducials, records the controller tip (the
 * target-ray origin) in headset world at each trigger pull, has the server solve the paired-point registration,
 * and then places the patient group (anatomy, plan, tracked needle) through image → headset world. The right
 * controller's squeeze starts it again. Prompts, results and refusals show on a panel in the headset.
 */
export class ArRegistration {
  readonly diagnostics: ArRegistrationDiagnostics;
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  private readonly panel: Mesh;
  private readonly markers = new Group();
  private readonly current: Mesh;
  private readonly text: HTMLElement;
  private active = false;

  constructor(
    renderer: WebGLRenderer,
    camera: PerspectiveCamera,
    private readonly patient: Group,
    private readonly onRegistered: (result: ArRegistrationResult | null) => void,
  ) {
    this.canvas.width = 512;
    this.canvas.height = 256;
    this.texture = new CanvasTexture(this.canvas);
    this.panel = new Mesh(new PlaneGeometry(0.3, 0.15), new MeshBasicMaterial({ map: this.texture, transparent: true, depthTest: false }));
    this.panel.name = 'ar-registration-panel';
    this.panel.renderOrder = 31;
    this.panel.position.set(0.2, 0.1, -0.6);
    this.panel.visible = false;
    camera.add(this.panel);
    this.current = new Mesh(new SphereGeometry(0.006, 16, 12), new MeshBasicMaterial({ color: '#ffd54f', depthTest: false }));
    this.current.renderOrder = 32;
    this.markers.name = 'ar-fiducials';
    this.markers.visible = false;
    patient.add(this.markers);
    this.text = document.createElement('div');
    this.text.dataset.testid = 'ar-registration';
    this.text.className = 'guidance-tre';
    document.getElementById('guidance-panel')?.appendChild(this.text);
    this.diagnostics = {
      state: 'idle', fiducials: [], touchedMm: [], result: null, error: null, message: '',
      lpsToWorld: p => {
        this.patient.updateMatrixWorld(true);
        const w = lpsMmToGltfM(p).applyMatrix4(this.patient.matrixWorld);
        return [w.x, w.y, w.z];
      },
    };
    for (const index of [0, 1]) {
      const ray = renderer.xr.getController(index);
      ray.addEventListener('select', () => this.touch(ray.matrix));
      ray.addEventListener('squeeze', () => { if (this.active) void this.restart(); });
    }
  }

  /** Entering AR: applies the case's stored registration when there is one, otherwise starts prompting. */
  async start(): Promise<void> {
    this.active = true;
    this.panel.visible = true;
    this.markers.visible = true;
    this.set('loading', 'Loading the registration fiducials…');
    try {
      const list = await fetchArFiducials();
      this.diagnostics.fiducials = list.fiducials;
      this.buildMarkers();
      if (list.latest) this.apply(list.latest, 'Stored registration applied');
      else this.prompt();
    } catch (e) {
      this.refuse(e);
    }
  }

  /** Leaving AR: the patient group goes back to the viewer's own placement. */
  stop(): void {
    this.active = false;
    this.panel.visible = false;
    this.markers.visible = false;
    this.patient.matrixAutoUpdate = true;
  }

  /** Starts touching the fiducials from the first one again. */
  async restart(): Promise<void> {
    this.diagnostics.touchedMm = [];
    this.diagnostics.error = null;
    if (this.diagnostics.fiducials.length === 0) await this.start();
    else this.prompt();
  }

  private touch(rayMatrix: Matrix4): void {
    if (!this.active || this.diagnostics.state !== 'touching') return;
    const p = new Vector3().setFromMatrixPosition(rayMatrix);
    this.diagnostics.touchedMm.push([p.x * 1000, p.y * 1000, p.z * 1000]);
    if (this.diagnostics.touchedMm.length < this.diagnostics.fiducials.length) this.prompt();
    else void this.solve();
  }

  private async solve(): Promise<void> {
    this.set('solving', 'Solving the registration…');
    try {
      this.apply(await postArRegistration(this.diagnostics.touchedMm), 'Registered');
    } catch (e) {
      this.refuse(e);
    }
  }

  private apply(result: ArRegistrationResult, title: string): void {
    const [r, t] = [result.imageToXrWorld, 1 / 1000];
    // Image LPS mm → world mm is [R | t]; patient glTF m → world m is then [R·axes | t/1000].
    const imageToWorld = new Matrix4().set(r[0], r[1], r[2], r[3] * t, r[4], r[5], r[6], r[7] * t, r[8], r[9], r[10], r[11] * t, 0, 0, 0, 1);
    this.patient.matrixAutoUpdate = false;
    this.patient.matrix.multiplyMatrices(imageToWorld, gltfToLpsAxes);
    this.patient.matrixWorldNeedsUpdate = true;
    this.diagnostics.result = result;
    this.diagnostics.error = null;
    const tre = result.predictedTreMm === null ? 'no target for a TRE' : `predicted TRE ${result.predictedTreMm.toFixed(1)} mm at the target`;
    this.set('registered', `${title}: FRE ${result.freMm.toFixed(1)} mm over ${result.fiducials} fiducials, ${tre} (FLE ${result.fleMm.toFixed(1)} mm). Squeeze to register again.`);
    this.current.visible = false;
    this.onRegistered(result);
  }

  private refuse(e: unknown): void {
    const reason = e instanceof Error ? e.message : String(e);
    this.diagnostics.error = reason;
    this.diagnostics.touchedMm = [];
    this.set('refused', `Registration refused: ${reason}${/[.!?]$/.test(reason) ? '' : '.'} Squeeze to start again.`);
  }

  private prompt(): void {
    const k = this.diagnostics.touchedMm.length;
    const f = this.diagnostics.fiducials[k];
    this.current.visible = true;
    lpsMmToGltfM(f.imageMm, this.current.position);
    this.set('touching', `Touch fiducial ${k + 1} of ${this.diagnostics.fiducials.length} (${f.name}, yellow) with the controller tip and pull the trigger.`);
  }

  private buildMarkers(): void {
    this.markers.clear();
    const dot = new MeshBasicMaterial({ color: '#4fb8e0', depthTest: false });
    for (const f of this.diagnostics.fiducials) {
      const m = new Mesh(new SphereGeometry(0.004, 12, 8), dot);
      m.renderOrder = 32;
      lpsMmToGltfM(f.imageMm, m.position);
      this.markers.add(m);
    }
    this.markers.add(this.current);
  }

  private set(state: ArRegistrationState, message: string): void {
    this.diagnostics.state = state;
    this.diagnostics.message = message;
    this.text.textContent = message;
    this.text.classList.toggle('bad', state === 'refused');
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = state === 'refused' ? '#5a0d0d' : state === 'registered' ? '#103018' : '#101418';
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    g.fillStyle = state === 'refused' ? '#ff8a80' : '#ffffff';
    g.font = 'bold 26px sans-serif';
    g.fillText(state === 'refused' ? 'REGISTRATION REFUSED' : 'AR REGISTRATION', 16, 36);
    g.font = '21px sans-serif';
    let y = 72, row = '';
    for (const word of message.split(' ')) {
      if (g.measureText(`${row} ${word}`).width > this.canvas.width - 32 && row) { g.fillText(row, 16, y); y += 26; row = word; } else row = row ? `${row} ${word}` : word;
    }
    g.fillText(row, 16, y);
    this.texture.needsUpdate = true;
  }
}
