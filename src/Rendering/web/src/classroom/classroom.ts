import './classroom.css';
import type { CaseDocument, Vec3 } from '../net/protocol';
import { ClassroomLayer, type ClassroomViewParts } from '../scene/classroomLayer';
import { classroomSocketUrl, endSession, fetchSharedCase, members, sharedAnatomyUrl, startSession } from './classroomApi';
import { ClassroomPanel } from './classroomPanel';
import type { ClassroomIncoming, ClassroomOutgoing, SharedState } from './classroomProtocol';
import { askToJoin } from './joinForm';

/** What the page gives the classroom: the 3D view, and how to show or hide a segment everywhere on the page. */
export interface ClassroomHost {
  parts: ClassroomViewParts;
  setSegmentVisible(name: string, visible: boolean): void;
  /** Where the panel goes (the side bar). */
  sidebar: HTMLElement;
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
  errors: string[];
}

declare global { interface Window { __surgicalnavClassroom: ClassroomDiagnostics } }

const diag: ClassroomDiagnostics = {
  role: null, code: null, clientId: 0, controller: 0, connected: false, applied: 0, appliedAtMs: {}, labels: false, clipping: false, rendererClippingPlanes: 0, pointerMm: null, errors: [],
};
window.__surgicalnavClassroom = diag;

/** Shortest gap between two camera or pointer messages, in ms (30 Hz). */
const sendIntervalMs = 33;

/**
 * One page's part in a classroom, as teacher (Start classroom, or ?teach=KEY from `serve --classroom`) or as
 * student (?join=CODE, or ?join and a typed code). Whoever has control shares camera, pointer, visibility,
 * clipping and labels; everyone else applies them. Students load the case only through the de-identified
 * /classroom routes.
 */
export class Classroom {
  private readonly layer: ClassroomLayer;
  private readonly panel: ClassroomPanel;
  private socket: WebSocket | null = null;
  private key: string | null = null;
  private follow = true;
  private lastCameraAt = 0;
  private lastCamera = '';
  private lastPointerAt = 0;
  private rosterTimer = 0;
  private ended = false;

  /** True when the page was opened to join a classroom (?join or ?join=CODE). */
  static studentMode(): boolean {
    return new URLSearchParams(window.location.search).has('join');
  }

  constructor(private readonly host: ClassroomHost) {
    this.layer = new ClassroomLayer(host.parts);
    this.panel = new ClassroomPanel({
      start: () => void this.start(),
      end: () => void this.end(),
      giveControl: id => this.send({ type: 'control', to: id }),
      setLabels: shown => { this.applyLabels(shown); this.share({ type: 'labels', shown }); },
      setClipping: (enabled, fraction) => this.shareClipping(enabled, fraction),
      setFollow: follow => { this.follow = follow; },
    });
    host.sidebar.appendChild(this.panel.root);
    host.parts.renderer.domElement.addEventListener('pointermove', e => this.onPointerMove(e));
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
    this.layer.syncLabels();
    this.share({ type: 'visibility', segment: name, visible });
  }

  /** Call once per rendered frame: shares the camera while this page has control. */
  onFrame(): void {
    if (!this.inControl()) return;
    const now = performance.now();
    if (now - this.lastCameraAt < sendIntervalMs) return;
    const pose = this.layer.cameraPose();
    const text = JSON.stringify(pose.positionMm.concat(pose.targetMm).map(v => Math.round(v * 2)));
    if (text === this.lastCamera) return;
    this.lastCamera = text;
    this.lastCameraAt = now;
    this.share({ type: 'camera', ...pose });
  }

  private inControl(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && diag.controller === diag.clientId && diag.clientId !== 0;
  }

  private share(message: ClassroomOutgoing): void {
    if (this.inControl()) this.send({ ...message, t: Date.now() } as ClassroomOutgoing);
  }

  private send(message: ClassroomOutgoing): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
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
    if (state.camera && this.follow) this.layer.setCameraPose(state.camera);
    if (state.pointer) { this.layer.setPointer(state.pointer.pointMm); diag.pointerMm = this.layer.pointerMm(); }
    if (state.clipping) {
      this.layer.setClipping(state.clipping);
      diag.clipping = state.clipping.enabled;
      diag.rendererClippingPlanes = this.host.parts.renderer.clippingPlanes.length;
      this.panel.reflect(null, state.clipping.enabled);
    }
    if (state.visibility) for (const [name, visible] of Object.entries(state.visibility)) this.host.setSegmentVisible(name, visible);
    if (state.visibility) this.layer.syncLabels();
    if (state.labels) { this.applyLabels(state.labels.shown); this.panel.reflect(state.labels.shown, null); }
  }

  private applyLabels(shown: boolean): void {
    this.layer.setLabelsShown(shown);
    diag.labels = shown;
  }

  private setController(id: number): void {
    diag.controller = id;
    const mine = id === diag.clientId;
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
