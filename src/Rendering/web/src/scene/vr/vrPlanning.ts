import {
  BufferGeometry, Group, Line, LineBasicMaterial, Mesh, MeshStandardMaterial, Object3D,
  PerspectiveCamera, Plane, Raycaster, Scene, SphereGeometry, Vector3, WebGLRenderer,
} from 'three';
import type { Plan, RayRequest, RayTarget, Trajectory, Vec3 } from '../../net/protocol';
import type { XrTools } from '../classroomLayer';
import { apiUrl, fetchRehearsal } from '../../net/vrApi';
import { gltfMToLpsMm, lpsMmToGltfM } from '../coordinates';
import { Rehearsal } from './rehearsal';
import { panelRows, viewingRows } from '../../ui/vrPanelRows';
import type { PanelRow } from '../../ui/vrPanel';
import { CtVolume } from './ctVolume';
import { VrInput, type VrHand } from './vrInput';
import { PathEvaluation, nearestTarget } from './pathEvaluation';
import { ControllerClip } from './clipping';
import { vrDiagnostics } from './vrDiagnostics';
import { FloatingPanel } from './floatingPanel';
import { VrPicking } from './vrPicking';
import { LaserPicks } from './laserPicks';

/** What the VR view needs of the viewer: its renderer, scene, camera, the patient group and the segment meshes. */
export interface VrHost {
  renderer: WebGLRenderer;
  scene: Scene;
  camera: PerspectiveCamera;
  patient: Group;
  segments: ReadonlyMap<string, Object3D>;
}

/** What the VR view asks of the rest of the client; clinical figures always come back from the server. */
export interface VrActions {
  evaluate(entry: Vec3, target: Vec3): Promise<Trajectory>;
  accept(entry: Vec3, target: Vec3, targetName: string | undefined): Promise<void>;
  /** Where the server puts a target on a pointing ray (patient frame): the middle of the first tumour it crosses. */
  targetOnRay(ray: RayRequest): Promise<RayTarget>;
  showTrajectory(index: number): void;
  setSegmentVisible(name: string, visible: boolean): void;
  error(title: string, e: unknown): void;
}

/** Rows a host adds to the VR panel (the classroom's), and what their buttons do. */
export interface VrPanelExtension {
  rows(): PanelRow[];
  /** Handles a click on one of its buttons; returns false for an id it does not own. */
  click(id: string): boolean;
}

const mm = 1 / 1000;
/**
 * VR planning and rehearsal: the laser (trigger, or pinch of a tracked hand) picks and drags target and entry, each
 * move is evaluated by the server and its clearances shown live. A target goes where the server puts it on the
 * laser's ray: the middle of the first tumour the ray crosses, through the organ in front, else the organ surface
 * (or always the surface, by the panel's choice). The thumbstick flips through the suggested trajectories and A
 * accepts; squeeze or a fist grabs, turns and scales the anatomy; the left controller carries a clipping plane; a
 * floating panel holds segment visibility, the CT volume presets, the tools and the plan summary; the rehearsal
 * plays the insertion. Without `planning` (a classroom student, who may not reach the server's /api) it is a
 * viewer: the laser points, squeeze grabs, X clips, and the panel holds segments, clipping and the view; nothing is
 * picked, fetched or saved.
 */
export class VrPlanning implements XrTools {
  private readonly floating: FloatingPanel;
  private readonly input: VrInput;
  private readonly raycaster = new Raycaster();
  private readonly picking: VrPicking;
  private readonly picks: LaserPicks;
  private readonly handles = { entry: handle('#4fb8e0'), target: handle('#f2a93b') };
  private readonly path = new Line(new BufferGeometry(), new LineBasicMaterial({ color: '#7ee0a0', depthTest: false }));
  private readonly clip: ControllerClip;
  private plan: Plan | null = null;
  private suggestion = 0;
  private entry: Vec3 | null = null;
  private target: Vec3 | null = null;
  /** The server's figures for the path shown; null while none has come back for it. */
  private evaluation: Trajectory | null = null;
  private edited = false;
  private readonly evaluator: PathEvaluation;
  private mode: 'target' | 'entry' = 'target';
  private readonly volume: CtVolume;
  private rehearsal: Rehearsal | null = null;
  private notes: string[] = [];
  private message: { text: string; tone: 'ok' | 'bad' | 'warn' | 'muted' } | null = null;
  private dirty = true;
  /** Each hand's last surface hit (world), null when its laser hits no structure or the panel. */
  private readonly hits: (Vector3 | null)[] = [null, null];
  /** Rows and buttons a host (the classroom) adds to the panel. */
  extension: VrPanelExtension | null = null;
  /** Where the viewer put the anatomy when the session started; Reset view goes back there. */
  private readonly startPose = { position: new Vector3(), scale: 1 };
  active = false;

  constructor(private readonly host: VrHost, private readonly actions: VrActions, private readonly planning = true) {
    this.floating = new FloatingPanel(host.scene);
    this.volume = new CtVolume(host.patient, note => { this.message = note; this.dirty = true; }, actions.error);
    this.input = new VrInput(host.renderer, host.scene, {
      selectStart: hand => this.selectStart(hand),
      selectEnd: hand => this.picks.end(hand),
      button: (hand, i) => this.button(hand, i),
      flick: (_hand, d) => this.flip(d),
      grabStart: hand => this.picks.grabStarted(hand),
    });
    this.input.grabTarget = host.patient;
    this.evaluator = new PathEvaluation(actions.evaluate, () => ({ entry: this.entry, target: this.target }), (t, e) => {
      vrDiagnostics.evaluations = this.evaluator.answered;
      vrDiagnostics.lastRoundTripMs = this.evaluator.lastRoundTripMs;
      if (t) { this.evaluation = t; this.message = null; }
      if (e) this.message = { text: `Not evaluated: ${e instanceof Error ? e.message : String(e)}`, tone: 'bad' };
      this.dirty = true;
    });
    for (const o of [this.handles.entry, this.handles.target, this.path]) {
      o.visible = false;
      o.renderOrder = 30;
      host.patient.add(o);
    }
    this.clip = new ControllerClip(this.input.hands[0].ray);
    this.picking = new VrPicking(host.patient, host.segments, this.clip);
    this.picks = new LaserPicks(this.picking, {
      snapshot: () => ({ entry: this.entry, target: this.target, evaluation: this.evaluation, edited: this.edited }),
      restore: b => { ({ entry: this.entry, target: this.target, evaluation: this.evaluation, edited: this.edited } = b); this.placeHandles(); this.dirty = true; },
      move: (which, p) => this.moveHandle(which, p),
      targetWorld: () => this.target ? this.host.patient.localToWorld(this.handles.target.position.clone()) : null,
      say: (text, tone) => { if (this.message?.text !== text) { this.message = { text, tone }; this.dirty = true; } },
    }, actions.targetOnRay);
    vrDiagnostics.castRays = (rays, bvh) => this.picking.castRays(rays, bvh);
    vrDiagnostics.setBvh = on => this.picking.useTrees(on);
    vrDiagnostics.palmWorld = handedness => {
      const hand = this.input.hand(handedness);
      return hand.source?.handedness === handedness && hand.tracked.tracked ? new Vector3().setFromMatrixPosition(this.input.grabPose(hand)).toArray() as Vec3 : null;
    };
    vrDiagnostics.lpsToWorld = p => { host.patient.updateMatrixWorld(true); return host.patient.localToWorld(lpsMmToGltfM(p)).toArray() as Vec3; };
    vrDiagnostics.worldToLps = p => { host.patient.updateMatrixWorld(true); return gltfMToLpsMm(host.patient.worldToLocal(new Vector3(...p))); };
    this.render();
  }

  /** The plan from the server (on load and after each accept); resets the path to its chosen trajectory. */
  setPlan(plan: Plan | null): void {
    if (!this.planning) return;
    this.plan = plan;
    this.suggestion = 0;
    this.showSuggestion();
  }

  /** Turns the VR tools on after an immersive-vr session started. */
  start(): void {
    this.active = true;
    this.picking.buildTrees();
    this.floating.mesh.visible = true;
    this.startPose.position.copy(this.host.patient.position);
    // The guidance display belongs to the procedure (AR); in planning it would only cover the view.
    const guidance = this.host.camera.getObjectByName('guidance-panel');
    if (guidance) guidance.visible = false;
    vrDiagnostics.active = true;
    this.dirty = true;
  }

  /** Turns the VR tools off when the session ended; the anatomy goes back to its desktop pose. */
  stop(): void {
    this.active = false;
    this.floating.mesh.visible = false;
    this.picks.dragging = null;
    this.setClip(false);
    this.host.patient.quaternion.identity();
    this.host.patient.scale.setScalar(1);
    vrDiagnostics.active = false;
  }

  /** Shows the CT volume with a preset name (see transferPresets), or hides it with null. */
  async setVolume(preset: string | null): Promise<void> {
    this.dirty = true;
    await this.volume.show(preset);
    this.dirty = true;
  }

  /** Starts the rehearsal of the first planned needle (fetched fresh, so it follows the last accept). */
  async playRehearsal(): Promise<void> {
    try {
      const needles = await fetchRehearsal();
      if (needles.length === 0) {
        this.message = { text: 'Nothing to rehearse: the case has no plan.', tone: 'warn' };
        this.dirty = true;
        return;
      }
      this.rehearsal?.dispose();
      if (this.rehearsal) this.host.patient.remove(this.rehearsal.group);
      const needle = needles[0];
      this.rehearsal = new Rehearsal(needle);
      await this.rehearsal.loadNecrosis(needle.necrosisMesh ? apiUrl(needle.necrosisMesh) : null);
      this.host.patient.add(this.rehearsal.group);
      this.notes = [needle.zoneNote, needle.necrosisNote].filter((n): n is string => !!n);
      vrDiagnostics.rehearsalPlan = needle;
      this.rehearsal.play(performance.now());
    } catch (e) {
      this.message = { text: `Rehearsal: ${e instanceof Error ? e.message : String(e)}`, tone: 'bad' };
      this.actions.error('Could not start the rehearsal.', e);
    }
    this.dirty = true;
  }

  /** Per-frame work; called by the viewer before it renders. */
  frame(): void {
    if (this.rehearsal?.update(performance.now()) || this.rehearsal?.state.phase === 'done') {
      if (vrDiagnostics.rehearsal.phase !== this.rehearsal.state.phase || this.rehearsal.state.phase !== 'done') this.dirty = true;
      vrDiagnostics.rehearsal = this.rehearsal.state;
    }
    if (!this.active) { this.flushPanel(); return; }
    this.input.update();
    this.picks.tick();
    let panelHover: { x: number; y: number } | null = null;
    for (const hand of this.input.hands) {
      if (!hand.source || hand.gripping) continue;
      const ray = this.input.raycaster(hand, this.raycaster);
      const onPanel = this.floating.hit(ray);
      if (onPanel && !this.picks.dragging) {
        panelHover = onPanel.uv;
        this.input.showHit(hand, onPanel.point);
        this.hits[hand.index] = null;
        continue;
      }
      // Every hand's ray is cast every frame: the bounding-volume trees make a cast cost well under a millisecond.
      const hit = this.picks.frame(hand, ray, this.mode);
      this.input.showHit(hand, hit);
      this.hits[hand.index] = hit?.clone() ?? null;
      vrDiagnostics.reticleUpdates[hand.index]++;
    }
    this.picking.endFrame();
    this.floating.panel.hover(panelHover);
    if (this.clip.on) this.volume.setClipPlane(this.clip.update());
    const laser = this.laser();
    vrDiagnostics.laserHitMm = laser?.hitWorld ? gltfMToLpsMm(this.host.patient.worldToLocal(laser.hitWorld)) : null;
    vrDiagnostics.scale = this.host.patient.scale.x;
    vrDiagnostics.grabbing = this.input.grabbing;
    this.flushPanel();
  }

  /** The pointing laser (the right hand's, or the left's while only it hits a structure), in the room frame; null without a controller. */
  laser(): { originWorld: Vector3; hitWorld: Vector3 | null } | null {
    if (!this.active) return null;
    const right = this.input.hand('right'), left = this.input.hand('left');
    const hand = [right, left].find(h => h.source && this.hits[h.index]) ?? [right, left].find(h => h.source);
    if (!hand) return null;
    hand.ray.updateMatrixWorld(true);
    return { originWorld: new Vector3().setFromMatrixPosition(hand.ray.matrixWorld), hitWorld: this.hits[hand.index]?.clone() ?? null };
  }

  /** The controller's clipping plane and the controller's position (room frame) while clipping is on, else null. */
  clipPlane(): { plane: Plane; atWorld: Vector3 } | null {
    if (!this.active || !this.clip.on) return null;
    const plane = this.clip.update();
    return { plane: plane.clone(), atWorld: this.clip.position() };
  }

  /** The floating panel, which a viewpoint snap carries along with the user. */
  get panelObject(): Object3D {
    return this.floating.mesh;
  }

  /** Redraws the panel at the next frame (the host's rows changed). */
  refreshPanel(): void {
    this.dirty = true;
  }

  private selectStart(hand: VrHand): void {
    const ray = this.input.raycaster(hand, this.raycaster);
    const onPanel = this.floating.hit(ray);
    if (onPanel) {
      const id = this.floating.panel.hit(onPanel.uv);
      vrDiagnostics.lastPanelClick = id;
      if (id) void this.click(id);
      return;
    }
    if (!this.planning) return; // a viewer's trigger only points
    // Grabbing a handle drags it; anywhere else on the anatomy places the current mode's point and drags it on.
    const handles = [this.handles.target, this.handles.entry].filter(h => h.visible);
    const onHandle = ray.intersectObjects(handles, false)[0];
    this.picks.start(hand, ray, this.mode, onHandle ? (onHandle.object === this.handles.target ? 'target' : 'entry') : null);
  }

  private moveHandle(which: 'entry' | 'target', p: Vec3): void {
    const old = which === 'entry' ? this.entry : this.target;
    if (old && Math.hypot(p[0] - old[0], p[1] - old[1], p[2] - old[2]) < 0.25) return; // under a quarter millimetre: not a move
    if (which === 'entry') this.entry = p; else this.target = p;
    this.edited = true;
    this.evaluation = null;
    this.placeHandles();
    this.evaluator.request();
  }

  private async click(id: string): Promise<void> {
    this.dirty = true;
    if (this.extension?.click(id)) return;
    if (id === 'mode-target' || id === 'mode-entry') this.mode = id === 'mode-target' ? 'target' : 'entry';
    else if (id === 'depth:tumour' || id === 'depth:surface') this.picks.depth = id === 'depth:tumour' ? 'tumour' : 'surface';
    else if (id === 'prev' || id === 'next') this.flip(id === 'next' ? 1 : -1);
    else if (id === 'accept') await this.accept();
    else if (id === 'clip') this.setClip(!this.clip.on);
    else if (id === 'play') await this.playRehearsal();
    else if (id === 'reset-view') this.resetView();
    else if (id.startsWith('volume:')) await this.setVolume(id === 'volume:off' ? null : id.slice('volume:'.length));
    else if (id.startsWith('segment:')) {
      const name = id.slice('segment:'.length);
      const object = this.host.segments.get(name);
      if (object) this.actions.setSegmentVisible(name, !object.visible);
    }
  }

  /** The anatomy back where the session started: life size, unturned. */
  private resetView(): void {
    this.host.patient.position.copy(this.startPose.position);
    this.host.patient.quaternion.identity();
    this.host.patient.scale.setScalar(1);
  }

  private button(hand: VrHand, index: number): void {
    const right = hand.source?.handedness !== 'left';
    if (!this.planning) {
      if (!right && index === 4) this.setClip(!this.clip.on); // X: the one tool a viewer has
    } else if (right && index === 4) void this.accept();          // A
    else if (right && index === 5) void this.playRehearsal(); // B
    else if (!right && index === 4) this.setClip(!this.clip.on); // X
    else if (!right && index === 5) this.mode = this.mode === 'target' ? 'entry' : 'target'; // Y
    this.dirty = true;
  }

  /** Shows the next (+1) or previous (−1) suggested trajectory, with the server's clearances stored in the plan. */
  private flip(direction: 1 | -1): void {
    if (!this.planning) return;
    const n = this.plan?.trajectories.length ?? 0;
    if (n === 0) return;
    this.suggestion = (this.suggestion + direction + n) % n;
    this.showSuggestion();
  }

  private showSuggestion(): void {
    const t = this.plan?.trajectories[this.suggestion] ?? null;
    this.entry = t ? [...t.entryMm] : null;
    this.target = t ? [...t.targetMm] : null;
    this.evaluation = t;
    this.edited = false;
    if (t) this.actions.showTrajectory(this.suggestion);
    this.placeHandles();
    vrDiagnostics.suggestion = this.suggestion;
    vrDiagnostics.suggestionTarget = t?.target ?? null;
    this.dirty = true;
  }

  private async accept(): Promise<void> {
    if (!this.entry || !this.target) return;
    if (!this.evaluation) {
      this.message = { text: 'Wait for the server’s clearances before accepting.', tone: 'warn' };
      this.dirty = true;
      return;
    }
    const shown = this.plan?.trajectories[this.suggestion];
    const name = !this.edited && shown ? shown.target : nearestTarget(this.plan, this.target);
    this.message = { text: 'Saving…', tone: 'muted' };
    this.dirty = true;
    try {
      await this.actions.accept(this.entry, this.target, name);
      vrDiagnostics.accepted++;
      this.message = { text: 'Accepted: saved as the chosen trajectory.', tone: 'ok' };
    } catch (e) {
      this.message = { text: `Not saved: ${e instanceof Error ? e.message : String(e)}`, tone: 'bad' };
    }
    this.dirty = true;
  }

  private setClip(on: boolean): void {
    this.clip.set(on, this.host.renderer, this.host.segments.values());
    this.volume.setClipPlane(on ? this.clip.plane : null);
    vrDiagnostics.clip = on;
    this.dirty = true;
  }

  private placeHandles(): void {
    const { entry, target } = this.handles;
    entry.visible = this.entry !== null;
    target.visible = this.target !== null;
    if (this.entry) lpsMmToGltfM(this.entry, entry.position);
    if (this.target) lpsMmToGltfM(this.target, target.position);
    this.path.visible = this.entry !== null && this.target !== null;
    if (this.entry && this.target) this.path.geometry.setFromPoints([lpsMmToGltfM(this.entry), lpsMmToGltfM(this.target)]);
    vrDiagnostics.entryMm = this.entry;
    vrDiagnostics.targetMm = this.target;
  }

  private flushPanel(): void {
    if (this.dirty) {
      this.dirty = false;
      this.render();
    }
    this.floating.flush();
  }

  private render(): void {
    const t = this.evaluation;
    const color = !t ? '#8d97a3' : t.meetsClearance ? '#7ee0a0' : '#ff6b6b';
    (this.path.material as LineBasicMaterial).color.set(color);
    (this.handles.target.material as MeshStandardMaterial).emissiveIntensity = t && !t.meetsClearance ? 0.9 : 0.4;
    const segments = [...this.host.segments].map(([name, o]) => ({ name, visible: o.visible }));
    const extra = this.extension?.rows() ?? [];
    const rows = !this.planning ? viewingRows(segments, this.clip.on, extra) : panelRows({
      mode: this.mode,
      targetDepth: this.picks.depth,
      plan: this.plan,
      suggestion: this.suggestion,
      edited: this.edited,
      evaluation: t,
      pending: this.evaluator.busy,
      segments,
      volumePreset: this.volume.preset,
      clipOn: this.clip.on,
      rehearsal: this.rehearsal?.state ?? null,
      notes: this.notes,
      message: this.message,
      extra,
    });
    const { panel } = this.floating;
    panel.render(rows);
    vrDiagnostics.panel = panel.shown;
    vrDiagnostics.evaluation = t;
    vrDiagnostics.shownClearance = Object.fromEntries(panel.shown.filter(s => s.startsWith('Clearance to ')).map(s => {
      const m = /^Clearance to (.+?): (.+)$/.exec(s)!;
      return [m[1], m[2]];
    }));
    vrDiagnostics.mode = this.mode;
    vrDiagnostics.targetDepth = this.picks.depth;
  }
}

function handle(color: string): Mesh {
  return new Mesh(new SphereGeometry(4 * mm, 20, 10), new MeshStandardMaterial({ color, emissive: color, emissiveIntensity: 0.4, depthTest: false, transparent: true }));
}
