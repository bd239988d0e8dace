import { Group, Matrix4, Mesh, MeshBasicMaterial, PerspectiveCamera, Scene, SphereGeometry, WebGLRenderer } from 'three';
import type {
  ArFiducial, ArRegistrationResult, ArState, ControllerTipCalibration, PointerRegistrationResult, PointerTouch, Vec3,
} from '../../net/protocol';
import { lpsMmToGltfM } from '../coordinates';
import {
  fetchArState, fetchArTracker, postArRegistration, postPointerRegistration, postPointerReset, postPointerTouch, postTipCalibration, type GripTouch, type Hand,
} from './arApi';
import { ArControllers } from './arControllers';
import { ArPanel, type ArPanelTone } from './arPanel';
import { TipSampler } from './tipSampler';

/** What the registration step is doing. */
export type ArRegistrationState =
  'idle' | 'loading' | 'calibrating' | 'sampling' | 'pointer' | 'touching' | 'solving' | 'registered' | 'refused';

/** The page's view of the AR registration, for the desktop panel and the tests (window.__surgicalnavAr). */
export interface ArRegistrationDiagnostics {
  state: ArRegistrationState;
  fiducials: ArFiducial[];
  /** Controller touches of the round in progress. */
  touches: GripTouch[];
  /** Pointer touches of the round in progress. */
  pointerTouches: PointerTouch[];
  calibration: ControllerTipCalibration | null;
  pointerResult: PointerRegistrationResult | null;
  result: ArRegistrationResult | null;
  /** The server's reason when the last step was refused, else null. */
  error: string | null;
  /** The prompt or result line shown in the headset. */
  message: string;
  /** Grip poses recorded so far while calibrating. */
  sampledPoses: number;
  lpsToWorld: (p: Vec3) => [number, number, number];
  gripInRay: (hand: Hand) => number[] | null;
  /** Where a hand's calibrated tip marker is drawn, world metres (null when not calibrated). */
  tipWorld: (hand: Hand) => [number, number, number] | null;
  /** Where the tracked needle's tip is drawn, world metres (set by the page; null when hidden). */
  needleTipWorld: () => [number, number, number] | null;
}

/** Patient glTF metres (x, y, z) to patient LPS mm is (x, -z, y)·1000; this is that axis change as a matrix. */
const gltfToLpsAxes = new Matrix4().set(1, 0, 0, 0, 0, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, 1);

/** The hand the headset prompts for; the other works too. */
const mainHand: Hand = 'right';

/**
 * The in-app AR registration, presented in the headset; the server decides and computes every step. First the
 * controller's tip is pivot-calibrated (hold the trigger, rotate about the tip). With a tracker, the user then touches
 * each fiducial with the tracked pointer and confirms (trigger, or the page's Record pointer); the server reads the tip
 * and registers Tracker → Image. Then the calibrated controller tip touches the same fiducials and the server registers
 * the headset; the patient group (anatomy, plan, tracked needle) is drawn through the image → headset world transform
 * the server's frame graph resolves. Squeeze registers again, B/Y calibrates the tip again.
 */
export class ArRegistration {
  readonly diagnostics: ArRegistrationDiagnostics;
  private readonly panel: ArPanel;
  private readonly controllers: ArControllers;
  private readonly sampler = new TipSampler();
  private readonly markers = new Group();
  private readonly current: Mesh;
  private readonly buttons: Record<'pointer' | 'calibrate' | 'restart', HTMLButtonElement>;
  private state: ArState | null = null;
  private active = false;
  /** A pointer confirmation is in flight (a second press waits for its answer). */
  private recording = false;
  /** A poll for touches confirmed elsewhere is in flight. */
  private polling = false;
  private poll = 0;

  constructor(
    renderer: WebGLRenderer,
    scene: Scene,
    camera: PerspectiveCamera,
    private readonly patient: Group,
  ) {
    const text = document.createElement('div');
    text.dataset.testid = 'ar-registration';
    text.className = 'guidance-tre';
    const row = document.createElement('div');
    row.className = 'ar-actions';
    const button = (label: string, testid: string, act: () => void): HTMLButtonElement => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.testid = testid;
      b.hidden = true;
      b.addEventListener('click', act);
      row.append(b);
      return b;
    };
    this.buttons = {
      pointer: button('Record pointer', 'ar-record-pointer', () => void (this.active ? this.recordPointer() : this.recordFromDesktop())),
      calibrate: button('Calibrate tip', 'ar-calibrate', () => this.calibrate()),
      restart: button('Register again', 'ar-restart', () => this.restart()),
    };
    document.getElementById('guidance-panel')?.append(text, row);
    this.panel = new ArPanel(camera, text);
    this.current = new Mesh(new SphereGeometry(0.006, 16, 12), new MeshBasicMaterial({ color: '#ffd54f', depthTest: false }));
    this.current.renderOrder = 32;
    this.markers.name = 'ar-fiducials';
    this.markers.visible = false;
    patient.add(this.markers);
    this.controllers = new ArControllers(renderer, scene, {
      triggerDown: hand => this.triggerDown(hand),
      triggerUp: () => { if (this.active && this.diagnostics.state === 'sampling') void this.finishSampling(); },
      squeeze: () => { if (this.active) this.restart(); },
      secondButton: () => { if (this.active) this.calibrate(); },
    });
    this.diagnostics = {
      state: 'idle', fiducials: [], touches: [], pointerTouches: [], calibration: null, pointerResult: null, result: null,
      error: null, message: '', sampledPoses: 0,
      lpsToWorld: p => {
        this.patient.updateMatrixWorld(true);
        const w = lpsMmToGltfM(p).applyMatrix4(this.patient.matrixWorld);
        return [w.x, w.y, w.z];
      },
      gripInRay: hand => this.controllers.gripInRay(hand),
      tipWorld: hand => this.controllers.tipWorld(hand),
      needleTipWorld: () => null,
    };
  }

  /** Entering AR: loads the state and goes to the first step still needed (or applies the stored registration). */
  async start(): Promise<void> {
    this.active = true;
    this.panel.mesh.visible = true;
    this.markers.visible = true;
    this.show('loading', 'AR REGISTRATION', 'Loading the registration state…');
    try {
      this.state = await fetchArState();
      this.diagnostics.fiducials = this.state.fiducials;
      this.buildMarkers();
      this.diagnostics.calibration = this.state.tipCalibrations.find(c => c.hand === mainHand) ?? null;
      for (const c of this.state.tipCalibrations) this.controllers.showTip(c.hand, c.tipInGripMm);
      this.next();
    } catch (e) {
      this.refuse(e);
    }
    window.clearInterval(this.poll);
    this.poll = window.setInterval(() => void this.pickUpPointerTouches(), 400);
  }

  /**
   * On a page not in XR (the workstation beside the table): when the server has a tracker, offers Record pointer, which
   * confirms the pointer on the next untouched fiducial for the headset (the headset picks it up from the server).
   */
  async offerFromDesktop(): Promise<void> {
    try {
      this.buttons.pointer.hidden = !(await fetchArTracker()) || this.active;
    } catch {
      // the server did not answer: there is nothing to offer
    }
  }

  /** Leaving AR: the patient group goes back to the viewer's own placement. */
  stop(): void {
    this.active = false;
    this.panel.mesh.visible = false;
    this.markers.visible = false;
    this.sampler.stop();
    window.clearInterval(this.poll);
    for (const b of Object.values(this.buttons)) b.hidden = true;
    this.buttons.pointer.hidden = !this.state?.tracker;
    this.patient.matrixAutoUpdate = true;
  }

  /** Per frame: records grip poses while calibrating and reads the B/Y buttons. */
  frame(): void {
    if (!this.active) return;
    this.controllers.update();
    if (this.diagnostics.state !== 'sampling') return;
    const hand = this.sampler.hand;
    const pose = hand ? this.controllers.gripToXrWorldMm(hand) : null;
    if (pose && this.sampler.add(pose)) {
      this.diagnostics.sampledPoses = this.sampler.count;
      this.show('sampling', 'TIP CALIBRATION', `Recording: ${this.sampler.count} poses. Keep the tip on the point and keep rotating; release the trigger to finish.`);
    }
    if (this.sampler.full) void this.finishSampling();
  }

  /** Starts the tip calibration of the controller again. */
  calibrate(): void {
    if (!this.active) return;
    this.diagnostics.error = null;
    this.show('calibrating', 'TIP CALIBRATION',
      'Put the controller tip on a fixed point (a small dent or a firm mark). Hold the trigger and rotate the controller about the tip, 30° or more in two directions, then release.');
  }

  /** Registers again from the first step after the tip calibration (the tracker's pointer, when there is a tracker). */
  restart(): void {
    if (!this.active || this.diagnostics.state === 'solving' || this.diagnostics.state === 'sampling') return;
    this.diagnostics.touches = [];
    this.diagnostics.pointerTouches = [];
    this.diagnostics.error = null;
    if (this.state?.tracker) void postPointerReset().then(() => this.promptPointer(), e => this.refuse(e));
    else this.promptTouch();
  }

  /** The first step still needed: tip calibration, then the tracker (if one and not registered), then the headset. */
  private next(before = ''): void {
    const s = this.state;
    if (!s) return;
    if (!this.diagnostics.calibration) this.calibrate();
    else if (s.tracker && !s.tracker.registered) this.promptPointer(before);
    else if (s.latest) this.apply(s.latest, 'Stored registration applied', before);
    else this.promptTouch(before);
  }

  private triggerDown(hand: Hand): void {
    if (!this.active) return;
    const state = this.diagnostics.state;
    if (state === 'calibrating') this.beginSampling(hand);
    else if (state === 'pointer') void this.recordPointer();
    else if (state === 'touching') this.touch(hand);
  }

  private beginSampling(hand: Hand): void {
    this.sampler.start(hand);
    this.diagnostics.sampledPoses = 0;
    this.show('sampling', 'TIP CALIBRATION', 'Recording: keep the tip on the point and rotate the controller; release the trigger to finish.');
  }

  private async finishSampling(): Promise<void> {
    const hand = this.sampler.hand ?? mainHand;
    const poses = this.sampler.stop();
    this.show('solving', 'TIP CALIBRATION', `Solving the tip from ${poses.length} poses…`);
    try {
      const c = await postTipCalibration(hand, poses);
      this.diagnostics.calibration = c;
      this.state = await fetchArState();
      this.controllers.showTip(hand, c.tipInGripMm);
      const [x, y, z] = c.tipInGripMm.map(v => v.toFixed(1));
      this.next(`Tip calibrated: (${x}, ${y}, ${z}) mm from the grip, RMS ${c.rmsMm.toFixed(2)} mm over ${c.rotationRangeDeg.toFixed(0)}° of rotation (${c.poses} poses).`);
    } catch (e) {
      this.refuse(e, 'calibrating', 'TIP CALIBRATION REFUSED', 'Hold the trigger and rotate again.');
    }
  }

  private promptPointer(before = ''): void {
    const k = this.diagnostics.pointerTouches.length;
    const f = this.diagnostics.fiducials[k];
    const tool = this.state?.tracker?.pointerTool ?? 'pointer';
    this.mark(f);
    this.show('pointer', 'TRACKER REGISTRATION',
      `${prefix(before)}Touch fiducial ${k + 1} of ${this.diagnostics.fiducials.length} (${f.name}, yellow) with the tracked pointer '${tool}' and pull the trigger, or press Record pointer.`);
  }

  private async recordPointer(): Promise<void> {
    if (this.diagnostics.state !== 'pointer' || this.recording) return;
    this.recording = true;
    try {
      this.diagnostics.pointerTouches.push(await postPointerTouch(this.diagnostics.pointerTouches.length));
      this.diagnostics.error = null;
    } catch (e) {
      this.refuse(e, 'pointer', 'POINTER REFUSED', '');
      return;
    } finally {
      this.recording = false;
    }
    await this.afterPointerTouch();
  }

  /** Takes up pointer touches another page confirmed (the workstation's Record pointer). */
  private async pickUpPointerTouches(): Promise<void> {
    if (!this.active || this.diagnostics.state !== 'pointer' || this.recording || this.polling) return;
    this.polling = true;
    let touches: PointerTouch[] = [];
    try {
      touches = (await fetchArTracker())?.touches ?? [];
    } catch {
      return; // the next poll tries again; a refused step is what the user needs to see, not a missed poll
    } finally {
      this.polling = false;
    }
    // A confirmation from this headset may have landed meanwhile: only a longer list is news.
    if (this.diagnostics.state !== 'pointer' || this.recording || touches.length <= this.diagnostics.pointerTouches.length) return;
    this.diagnostics.pointerTouches = touches;
    this.diagnostics.error = null;
    await this.afterPointerTouch();
  }

  private async afterPointerTouch(): Promise<void> {
    if (this.diagnostics.pointerTouches.length < this.diagnostics.fiducials.length) {
      this.promptPointer();
      return;
    }
    this.show('solving', 'TRACKER REGISTRATION', 'Solving the tracker registration…');
    try {
      const r = await postPointerRegistration(this.diagnostics.pointerTouches.map(t => t.fiducial));
      this.diagnostics.pointerResult = r;
      this.state = await fetchArState();
      this.promptTouch(`Tracker registered: FRE ${r.freMm.toFixed(1)} mm, ${treText(r.predictedTreMm, r.fleMm)}.`);
    } catch (e) {
      this.diagnostics.pointerTouches = [];
      this.refuse(e);
    }
  }

  /** The workstation page's Record pointer: the next untouched fiducial, for the headset to pick up. */
  private async recordFromDesktop(): Promise<void> {
    try {
      const t = await postPointerTouch(null);
      const [x, y, z] = t.tipInTrackerMm.map(v => v.toFixed(1));
      this.panel.show('TRACKER REGISTRATION', `Recorded fiducial ${t.fiducial + 1} (${t.name}): tip (${x}, ${y}, ${z}) mm in the tracker, ${t.ageMs.toFixed(0)} ms old.`, 'working');
    } catch (e) {
      this.panel.show('POINTER REFUSED', `Refused: ${e instanceof Error ? e.message : String(e)}`, 'refused');
    }
  }

  private promptTouch(before = ''): void {
    const k = this.diagnostics.touches.length;
    const f = this.diagnostics.fiducials[k];
    this.mark(f);
    this.show('touching', 'AR REGISTRATION',
      `${prefix(before)}Touch fiducial ${k + 1} of ${this.diagnostics.fiducials.length} (${f.name}, yellow) with the controller tip and pull the trigger.`);
  }

  private touch(hand: Hand): void {
    const pose = this.controllers.gripToXrWorldMm(hand);
    if (!pose) return;
    this.diagnostics.touches.push({ hand, gripToXrWorld: pose });
    if (this.diagnostics.touches.length < this.diagnostics.fiducials.length) this.promptTouch();
    else void this.solve();
  }

  private async solve(): Promise<void> {
    this.show('solving', 'AR REGISTRATION', 'Solving the registration…');
    try {
      this.apply(await postArRegistration(this.diagnostics.touches), 'Registered');
    } catch (e) {
      this.diagnostics.touches = [];
      this.refuse(e);
    }
  }

  private apply(result: ArRegistrationResult, title: string, before = ''): void {
    const [r, t] = [result.imageToXrWorld, 1 / 1000];
    // Image LPS mm → world mm is [R | t]; patient glTF m → world m is then [R·axes | t/1000].
    const imageToWorld = new Matrix4().set(r[0], r[1], r[2], r[3] * t, r[4], r[5], r[6], r[7] * t, r[8], r[9], r[10], r[11] * t, 0, 0, 0, 1);
    this.patient.matrixAutoUpdate = false;
    this.patient.matrix.multiplyMatrices(imageToWorld, gltfToLpsAxes);
    this.patient.matrixWorldNeedsUpdate = true;
    this.diagnostics.result = result;
    this.diagnostics.error = null;
    const through = result.fixed === 'Tracker' ? 'headset → tracker' : 'headset → image';
    const o = result.overlay;
    const overlay = typeof o?.combinedTreMm === 'number' ? ` Overlay error ${o.combinedTreMm.toFixed(1)} mm at the target (RSS with the tracker's ${o.trackerTreMm?.toFixed(1)} mm).` : '';
    this.show('registered', 'AR REGISTRATION',
      `${prefix(before)}${title} (${through}): FRE ${result.freMm.toFixed(1)} mm over ${result.fiducials} fiducials, ${treText(result.predictedTreMm, result.fleMm)}.${overlay} Squeeze to register again, B to calibrate the tip.`, 'done');
    this.current.visible = false;
  }

  private refuse(e: unknown, stay: ArRegistrationState = 'refused', title = 'REGISTRATION REFUSED', then = 'Squeeze to start again.'): void {
    const reason = e instanceof Error ? e.message : String(e);
    this.diagnostics.error = reason;
    this.show(stay, title, `${stay === 'refused' ? 'Registration refused: ' : 'Refused: '}${reason}${/[.!?]$/.test(reason) ? '' : '.'}${then ? ` ${then}` : ''}`, 'refused');
  }

  private mark(f: ArFiducial): void {
    this.current.visible = true;
    lpsMmToGltfM(f.imageMm, this.current.position);
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

  private show(state: ArRegistrationState, title: string, message: string, tone: ArPanelTone = 'working'): void {
    this.diagnostics.state = state;
    this.diagnostics.message = message;
    this.panel.show(title, message, this.diagnostics.error && tone !== 'done' ? 'refused' : tone);
    this.buttons.pointer.hidden = state !== 'pointer';
    this.buttons.calibrate.hidden = !this.active;
    this.buttons.restart.hidden = !this.active || this.diagnostics.calibration === null;
  }
}

function prefix(before: string): string {
  return before ? `${before} ` : '';
}

function treText(treMm: number | null | undefined, fleMm: number): string {
  return typeof treMm === 'number' ? `predicted TRE ${treMm.toFixed(1)} mm at the target (FLE ${fleMm.toFixed(1)} mm)` : 'no target for a TRE';
}
