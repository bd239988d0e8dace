import './classroom.css';
import type { CaseDocument, Vec3 } from '../net/protocol';
import { ClassroomLayer, type CameraPose, type ClassroomViewParts, type ClippingState, type XrTools } from '../scene/classroomLayer';
import type { LabelBox } from '../scene/structureLabels';
import type { VrPanelExtension } from '../scene/vr/vrPlanning';
import type { SnapDiagnostics, ViewpointSnap } from '../scene/vr/viewpointSnap';
import { ChangeGate, angleDeg, apart, turnDeg } from './changeGate';
import { XrFollow } from './xrFollow';
import { classroomSocketUrl, endSession, fetchSharedCase, members, sharedAnatomyUrl, startSession } from './classroomApi';
import { ClassroomPanel } from './classroomPanel';
import type { AnatomyPlacement, ClassroomIncoming, ClassroomOutgoing, SharedState } from './classroomProtocol';
import { askToJoin } from './joinForm';

/** The headset view as the classroom uses it: its laser and clipping plane, and rows of its floating panel. */
export interface ClassroomVr extends XrTools {
  extension: VrPanelExtension | null;
  refreshPanel(): void;
}

/** What the page gives the classroom: the 3D view, and how to show or hide a segment everywhere on the page. */
export interface ClassroomHost {
  parts: ClassroomViewParts;
  setSegmentVisible(name: string, visible: boolean): void;
  /** Where the panel goes (the side bar). */
  sidebar: HTMLElement;
  /** The headset view's tools. */
  vr: ClassroomVr;
  /** Moves this page's headset user to the leader's viewpoint. */
  snap: ViewpointSnap;
}

/** Where a student's case comes from: the de-identified copies under /classroom. */
export interface CaseSource { fetchCase(): Promise<CaseDocument>; anatomyUrl(): string }

/** Test and diagnostic state of the classroom, on window.__surgicalnavClassroom. */
export interface ClassroomDiagnostics {
  role: 'teacher' | 'student' | null;
  code: string | null;
  clientId: number;
  controller: number;
  connected: boolean;
  /** State changes applied from others, and Date.now() of the last per kind / per segment. */
  applied: number;
  appliedAtMs: Record<string, number>;
  /** Labels shown, clipping on (and the renderer's clipping plane count), pointer position as applied here. */
  labels: boolean;
  clipping: boolean;
  rendererClippingPlanes: number;
  pointerMm: Vec3 | null;
  /** The renderer's clipping plane as drawn, in patient LPS mm, or null. */
  rendererClipping: ClippingState | null;
  /** Following the leader's view (a student's switch). */
  follow: boolean;
  /** This page's view in patient LPS mm: the desktop camera, or the head in a headset. Updated every frame. */
  viewMm: CameraPose | null;
  /** The anatomy's placement in this page's room (meaningful in a headset). Updated every frame. */
  placement: AnatomyPlacement | null;
  /** Viewpoint snaps of this page's headset user. */
  snap: SnapDiagnostics | null;
  /** Messages sent by this page, by type. */
  sent: Record<string, number>;
  /** Screen boxes of the labels as the last frame drew them (CSS px of the desktop view; of a 1000 px high view in a headset). */
  labelBoxes: () => LabelBox[];
  /** Centre of the anatomy's bounds in patient LPS mm, or null before it loaded. */
  anatomyCentreMm: () => Vec3 | null;
  errors: string[];
}

declare global { interface Window { __surgicalnavClassroom: ClassroomDiagnostics } }

const diag: ClassroomDiagnostics = {
  role: null, code: null, clientId: 0, controller: 0, connected: false, applied: 0, appliedAtMs: {}, labels: false, clipping: false,
  rendererClippingPlanes: 0, pointerMm: null, rendererClipping: null, follow: true, viewMm: null, placement: null, snap: null, sent: {},
  labelBoxes: () => [], anatomyCentreMm: () => null, errors: [],
};
window.__surgicalnavClassroom = diag;

/** Shortest gap between two messages of one kind (camera, pointer, clipping, placement), in ms (30 Hz). */
const sendIntervalMs = 33;
/** Changes smaller than these are not sent: 0.5 mm, 0.5° (0.1° for the anatomy, whose far side swings most), 0.1 % of scale. */
const minMoveMm = 0.5, minTurnDeg = 0.5, minPlacementTurnDeg = 0.1, minScaleChange = 0.001;
/** Largest coordinate the server accepts, in mm (ClassroomMessages.MaxCoordinateMm). */
const maxCoordinateMm = 10_000;

/**
 * One page's part in a classroom, as teacher (Start classroom, or ?teach=KEY from `serve --classroom`) or as
 * student (?join=CODE, or ?join and a typed code). Whoever has control shares camera, pointer, visibility,
 * clipping and labels; in a headset the camera is the head, the pointer the laser's hit, the clipping plane the
 * controller's, and the anatomy's placement is shared too. Everyone else applies them; a following student in a
 * headset is moved to the leader's viewpoint by an occasional snap (see XrFollow), never head-locked. Students load
 * the case only through the de-identified /classroom routes.
 */
export class Classroom {
  private readonly layer: ClassroomLayer;
  private readonly panel: ClassroomPanel;
  private socket: WebSocket | null = null;
  private key: string | null = null;
  private readonly xrFollow: XrFollow;
  private readonly cameraGate = new ChangeGate<CameraPose>(sendIntervalMs, (a, b) =>
    apart(a.positionMm, b.positionMm) > minMoveMm || apart(a.targetMm, b.targetMm) > minMoveMm || angleDeg(a.upUnit, b.upUnit) > minTurnDeg);
  private readonly pointerGate = new ChangeGate<Vec3 | null>(sendIntervalMs, (a, b) => (a === null) !== (b === null) || (a !== null && apart(a, b!) > minMoveMm));
  private readonly clipGate = new ChangeGate<ClippingState>(sendIntervalMs, (a, b) =>
    a.enabled !== b.enabled || apart(a.pointMm, b.pointMm) > minMoveMm || angleDeg(a.normal, b.normal) > minTurnDeg);
  private readonly placementGate = new ChangeGate<AnatomyPlacement>(sendIntervalMs, (a, b) =>
    apart(a.positionRoomMm, b.positionRoomMm) > minMoveMm || Math.abs(a.scale / b.scale - 1) > minScaleChange
    || turnDeg(a.rotationXyzw, b.rotationXyzw) > minPlacementTurnDeg);
  /** The controller's clipping plane last shared from the headset, to send "off" with when it goes off. */
  private xrClip: ClippingState | null = null;
  private follow = true;
  private lastPointerAt = 0;
  private rosterTimer = 0;
  private ended = false;
  /** The leader's latest placement, applied when this page enters a headset. */
  private leaderPlacement: AnatomyPlacement | null = null;
  /** The leader's latest camera, applied when this page follows again. */
  private leaderCamera: CameraPose | null = null;

  /** True when the page was opened to join a classroom (?join or ?join=CODE). */
  static studentMode(): boolean {
    return new URLSearchParams(window.location.search).has('join');
  }

  constructor(private readonly host: ClassroomHost) {
    this.layer = new ClassroomLayer(host.parts);
    this.xrFollow = new XrFollow(this.layer, host.snap);
    this.panel = new ClassroomPanel({
      start: () => void this.start(),
      end: () => void this.end(),
      giveControl: id => this.send({ type: 'control', to: id }),
      setLabels: shown => this.setLabels(shown),
      setClipping: (enabled, fraction) => this.shareClipping(enabled, fraction),
      setFollow: follow => this.setFollow(follow),
    });
    host.sidebar.appendChild(this.panel.root);
    host.parts.renderer.domElement.addEventListener('pointermove', e => this.onPointerMove(e));
    host.vr.extension = { rows: () => this.vrRows(), click: id => this.vrClick(id) };
    diag.snap = host.snap.diagnostics;
    diag.labelBoxes = () => this.layer.labelBoxes();
    diag.anatomyCentreMm = () => { const b = this.layer.boundsMm(); return b ? b.min.map((v, i) => (v + b.max[i]) / 2) as Vec3 : null; };
  }

  /** Student: asks for the code, joins, and returns where to load the de-identified case from. */
  async joinAsStudent(): Promise<CaseSource> {
    const joined = await askToJoin(new URLSearchParams(window.location.search).get('join') ?? '');
    this.key = joined.key;
    diag.role = 'student';
    diag.clientId = joined.clientId;
    this.panel.showStudent('', joined.name);
    const key = joined.key;
    return { fetchCase: () => fetchSharedCase(key), anatomyUrl: () => sharedAnatomyUrl(key) };
  }

  /** After the case is in the scene: connects a student, or a teacher opened with ?teach=KEY. */
  connectIfInvited(): void {
    const teach = new URLSearchParams(window.location.search).get('teach');
    if (this.key) this.connect(this.key);
    else if (teach) { this.key = teach; diag.role = 'teacher'; this.connect(teach); }
  }

  /** Call when the user of this page shows or hides a segment; shared when this page has control. */
  onLocalVisibility(name: string, visible: boolean): void {
    this.layer.labels.sync();
    this.share({ type: 'visibility', segment: name, visible });
  }

  /** Call before each frame is drawn: the clipping plane and labels follow the view, a due snap moves the headset user. */
  beforeRender(): void {
    this.layer.frame();
    this.host.snap.update();
    const now = performance.now();
    if (this.layer.immersive() && this.follow && !this.inControl() && diag.clientId !== 0) this.xrFollow.frame(now);
  }

  /** Call once per rendered frame: shares the view (and in a headset the laser, clipping plane and placement) while this page has control. */
  onFrame(): void {
    diag.viewMm = this.layer.cameraPose();
    diag.placement = this.layer.placement();
    diag.rendererClipping = this.layer.rendererClipping();
    if (!this.inControl()) return;
    const now = performance.now();
    const pose = diag.viewMm;
    const inRoom = [...pose.positionMm, ...pose.targetMm].every(v => Math.abs(v) <= maxCoordinateMm);
    if (inRoom && this.cameraGate.offer(pose, now)) this.share({ type: 'camera', ...pose });
    if (this.layer.immersive() && this.host.vr.active) this.shareXr(now);
  }

  /** Call when this page entered an immersive session. */
  onXrStart(): void {
    this.host.snap.begin();
    this.placementGate.reset();
    if (this.follow && !this.inControl() && this.leaderPlacement) this.layer.setPlacement(this.leaderPlacement);
    this.xrFollow.resync();
  }

  /** Call when this page's immersive session ended. */
  onXrEnd(): void {
    this.host.snap.end();
    if (this.xrClip) this.share({ type: 'clipping', ...this.xrClip, enabled: false });
    this.xrClip = null;
  }

  private shareXr(now: number): void {
    const vr = this.host.vr;
    const pointer = this.layer.xrPointer(vr);
    if (pointer && this.pointerGate.offer(pointer.pointMm, now)) this.share({ type: 'pointer', ...pointer });
    const clip = this.layer.xrClipping(vr);
    if (clip && this.clipGate.offer(clip, now)) {
      this.xrClip = clip;
      this.share({ type: 'clipping', ...clip });
      this.reflectClipping(true);
    } else if (!clip && this.xrClip) {
      const off = { ...this.xrClip, enabled: false };
      this.xrClip = null;
      this.clipGate.reset();
      this.clipGate.offer(off, now);
      this.share({ type: 'clipping', ...off });
      this.reflectClipping(false);
    }
    const placement = this.layer.placement();
    if (this.placementGate.offer(placement, now)) this.share({ type: 'placement', ...placement });
  }

  private inControl(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && diag.controller === diag.clientId && diag.clientId !== 0;
  }

  private share(message: ClassroomOutgoing): void {
    if (this.inControl()) this.send({ ...message, t: Date.now() } as ClassroomOutgoing);
  }

  private send(message: ClassroomOutgoing): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.socket.send(JSON.stringify(message));
    diag.sent[message.type] = (diag.sent[message.type] ?? 0) + 1;
  }

  private async start(): Promise<void> {
    try {
      const started = await startSession();
      this.key = started.teacherKey;
      diag.role = 'teacher';
      diag.code = started.code;
      this.ended = false;
      this.panel.showTeacher(started.code, new URL(started.joinPath, document.baseURI).toString());
      this.connect(started.teacherKey);
      this.rosterTimer = window.setInterval(() => void this.refreshRoster(), 2000);
    } catch (e) {
      this.fail(`Could not start the classroom: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async end(): Promise<void> {
    this.ended = true;
    window.clearInterval(this.rosterTimer);
    await endSession().catch(() => undefined);
    this.socket?.close();
    this.panel.showEnded();
  }

  private async refreshRoster(): Promise<void> {
    try {
      this.panel.setRoster(await members(), diag.controller);
    } catch {
      // the next poll tries again
    }
  }

  private connect(key: string): void {
    const socket = new WebSocket(classroomSocketUrl(key));
    this.socket = socket;
    socket.onopen = () => { diag.connected = true; };
    socket.onmessage = e => { if (typeof e.data === 'string') this.receive(JSON.parse(e.data) as ClassroomIncoming); };
    socket.onclose = () => {
      diag.connected = false;
      if (this.socket === socket && !this.ended) window.setTimeout(() => this.connect(key), 1000);
    };
  }

  private receive(message: ClassroomIncoming): void {
    switch (message.type) {
      case 'welcome':
        diag.clientId = message.clientId;
        diag.code = message.code;
        if (diag.role === 'student') this.panel.showStudent(message.code, `student ${message.clientId}`);
        this.setController(message.controller);
        this.applyState(message.state);
        return;
      case 'control':
        this.setController(message.controller);
        for (const gate of [this.cameraGate, this.pointerGate, this.clipGate, this.placementGate]) gate.reset();
        return;
      case 'ended':
        this.ended = true;
        this.panel.error('The teacher ended the classroom.');
        return;
      case 'state': {
        const { kind } = message;
        const value = message as Record<string, unknown>;
        if (kind === 'visibility') this.applyState({ visibility: { [value.segment as string]: value.visible as boolean } });
        else this.applyState({ [kind]: value } as SharedState);
        diag.applied++;
        diag.appliedAtMs[kind === 'visibility' ? `visibility:${value.segment as string}` : kind] = Date.now();
        return;
      }
      case 'pong':
        return;
    }
  }

  private applyState(state: SharedState): void {
    if (state.placement) {
      this.leaderPlacement = { positionRoomMm: state.placement.positionRoomMm, rotationXyzw: state.placement.rotationXyzw, scale: state.placement.scale };
      // The anatomy moves only in a headset: on a desktop the orbit camera already shows the leader's view of it.
      if (this.follow && this.layer.immersive()) this.layer.setPlacement(this.leaderPlacement);
    }
    if (state.camera) {
      this.leaderCamera = state.camera;
      this.xrFollow.leaderView(state.camera, performance.now());
      if (this.follow) this.layer.setCameraPose(state.camera);
    }
    if (state.pointer) { this.layer.setPointer(state.pointer.pointMm); diag.pointerMm = this.layer.pointerMm(); }
    if (state.clipping) {
      this.layer.setClipping(state.clipping);
      diag.clipping = state.clipping.enabled;
      diag.rendererClippingPlanes = this.host.parts.renderer.clippingPlanes.length;
      diag.rendererClipping = this.layer.rendererClipping();
      this.reflectClipping(state.clipping.enabled);
    }
    if (state.visibility) for (const [name, visible] of Object.entries(state.visibility)) this.host.setSegmentVisible(name, visible);
    if (state.visibility) this.layer.labels.sync();
    if (state.labels) { this.applyLabels(state.labels.shown); this.panel.reflect(state.labels.shown, null); }
  }

  private setLabels(shown: boolean): void {
    this.applyLabels(shown);
    this.panel.reflect(shown, null);
    this.share({ type: 'labels', shown });
  }

  private applyLabels(shown: boolean): void {
    this.layer.labels.setShown(shown);
    diag.labels = shown;
    this.host.vr.refreshPanel();
  }

  private reflectClipping(enabled: boolean): void {
    this.panel.reflect(null, enabled);
    this.host.vr.refreshPanel();
  }

  private setFollow(follow: boolean): void {
    this.follow = follow;
    diag.follow = follow;
    this.panel.reflectFollow(follow);
    this.host.vr.refreshPanel();
    if (!follow) return;
    // Following again: catch up with where the leader is now (in a headset by the next snap).
    if (this.layer.immersive() && this.leaderPlacement) this.layer.setPlacement(this.leaderPlacement);
    if (this.leaderCamera) this.layer.setCameraPose(this.leaderCamera);
    this.xrFollow.resync();
  }

  /** The classroom's rows on the headset's floating panel. */
  private vrRows(): ReturnType<VrPanelExtension['rows']> {
    if (diag.clientId === 0) return [];
    const student = diag.role === 'student';
    const buttons = [{ id: 'classroom:labels', label: diag.labels ? 'Labels: on' : 'Labels: off', active: diag.labels }];
    if (student) buttons.push({ id: 'classroom:follow', label: this.follow ? 'Follow: on' : 'Follow: off', active: this.follow });
    const lead = diag.controller === diag.clientId ? 'You lead: the class sees what you show.' : student ? 'The teacher leads.' : `Student ${diag.controller} leads.`;
    return [{ kind: 'heading', text: `Classroom ${diag.code ?? ''}`.trim() }, { kind: 'text', text: lead, tone: 'muted' }, { kind: 'buttons', buttons }];
  }

  private vrClick(id: string): boolean {
    if (id === 'classroom:labels') this.setLabels(!diag.labels);
    else if (id === 'classroom:follow') this.setFollow(!this.follow);
    else return false;
    return true;
  }

  private setController(id: number): void {
    diag.controller = id;
    const mine = id === diag.clientId;
    this.host.vr.refreshPanel();
    this.panel.setController(mine ? (diag.role === 'teacher' ? 'You lead the class.' : 'You have control: the class sees your view.')
      : diag.role === 'teacher' ? `Student ${id} has control.` : 'The teacher leads.', mine);
  }

  private shareClipping(enabled: boolean, fraction: number): void {
    const bounds = this.layer.boundsMm();
    if (!bounds) return;
    // An axial cut: keep what lies above (head side of) the plane at this fraction of the anatomy's height.
    const z = bounds.min[2] + (bounds.max[2] - bounds.min[2]) * fraction;
    const state = { enabled, pointMm: [(bounds.min[0] + bounds.max[0]) / 2, (bounds.min[1] + bounds.max[1]) / 2, z] as Vec3, normal: [0, 0, 1] as Vec3 };
    this.layer.setClipping(state);
    diag.clipping = enabled;
    this.host.vr.refreshPanel();
    this.share({ type: 'clipping', ...state });
  }

  private onPointerMove(e: PointerEvent): void {
    if (!this.inControl()) return;
    const now = performance.now();
    if (now - this.lastPointerAt < sendIntervalMs) return;
    this.lastPointerAt = now;
    const pointMm = this.layer.pick(e.clientX, e.clientY);
    this.share({ type: 'pointer', originMm: this.layer.cameraPose().positionMm, pointMm });
  }

  private fail(message: string): void {
    diag.errors.push(message);
    this.panel.error(message);
  }
}
