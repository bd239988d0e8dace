import './styles.css';
import { diagnostics } from './diagnostics';
import { acceptPath, anatomyUrl, evaluatePath, fetchCase, fetchVolume, targetOnRay } from './net/api';
import { GuidanceSocket, type GuidanceView } from './net/guidanceSocket';
import type { CaseDocument, Plan, Vec3 } from './net/protocol';
import { GuidancePanel } from './ui/guidancePanel';
import { PlanningPanel } from './ui/planningPanel';
import { SlicePanel, type PickMode } from './ui/slicePanel';
import { Viewer } from './scene/viewer';
import { showError } from './ui/banner';
import { renderPlanSummary } from './ui/planPanel';
import { renderSegmentList } from './ui/segmentPanel';
import { setVrButtonState } from './ui/vrButton';
import { installEmulationIfRequested } from './xr/emulation';
import { VrPlanning } from './scene/vr/vrPlanning';
import { transferPresets } from './scene/vr/volumeRenderer';
import { mountVolumeControl } from './ui/volumeControl';
import * as xr from './xr/session';
import { Classroom, type CaseSource } from './classroom/classroom';
import { ViewpointSnap } from './scene/vr/viewpointSnap';
import { ArRegistration } from './scene/ar/arRegistration';
import { recordServerInvalid } from './ui/invalidLatency';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html is missing #${id}`);
  return found as T;
}

const banner = element<HTMLDivElement>('banner');
const caseName = element<HTMLDivElement>('case-name');
const vrButton = element<HTMLButtonElement>('enter-vr');
const arButton = element<HTMLButtonElement>('enter-ar');
const segmentList = element<HTMLUListElement>('segment-list');
const planSummary = element<HTMLDivElement>('plan-summary');
const viewport = element<HTMLDivElement>('viewport');

function fail(title: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  diagnostics.errors.push(`${title} ${detail}`);
  showError(banner, title, detail);
  console.error(title, error);
}

let classroom: Classroom | null = null;
/**
 * A classroom student's page shows only what a student can use without the pairing token: the shared 3D view, the
 * segment list, pointing and measuring on the surfaces, and the classroom panel (labels, follow); in a headset, VR
 * without the planning tools. No CT slices or volume, planning, guidance or AR, and so no request to /api at all.
 */
const student = Classroom.studentMode();
if (student) {
  document.body.classList.add('student');
  for (const id of ['guidance-panel', 'slices']) element<HTMLElement>(id).hidden = true;
  arButton.hidden = true;
}
let framesAfterLoad = -1;
let lastFrameAt = 0;
const viewer = new Viewer(viewport, frame => {
  if (frame) diagnostics.xrFrames++;
  diagnostics.frames++;
  const now = performance.now();
  if (lastFrameAt > 0) {
    diagnostics.render.frameMs.push(now - lastFrameAt);
    if (diagnostics.render.frameMs.length > 240) diagnostics.render.frameMs.shift();
  }
  lastFrameAt = now;
  classroom?.onFrame();
  const stats = viewer.renderStats();
  diagnostics.render.calls = stats.calls;
  diagnostics.render.triangles = stats.triangles;
  // Ready means "drawn", not just "loaded": wait for a frame after the content went in.
  if (framesAfterLoad >= 0 && ++framesAfterLoad >= 2 && !diagnostics.ready) diagnostics.ready = true;
});

async function setUpXr(): Promise<void> {
  setVrButtonState(vrButton, 'checking');
  try {
    const emulated = await installEmulationIfRequested();
    if (emulated) vrButton.dataset.emulated = emulated;
  } catch (e) {
    fail('XR emulation failed.', e);
  }
  setVrButtonState(vrButton, (await xr.isSupported('immersive-vr')) ? 'ready' : 'unsupported');
  const ar = await xr.isSupported('immersive-ar');
  arButton.disabled = !ar;
  arButton.title = ar ? 'Guidance over the camera view (passthrough)' : 'No immersive-ar support here; open on a headset or add ?xr=quest3';
  vrButton.addEventListener('click', () => void toggleXr('immersive-vr', vrButton));
  arButton.addEventListener('click', () => void toggleXr('immersive-ar', arButton));
}

async function toggleXr(mode: xr.ImmersiveMode, button: HTMLButtonElement): Promise<void> {
  if (xr.activeMode()) {
    await xr.stop();
    return;
  }
  const idle = button.textContent ?? '';
  button.textContent = 'Starting…';
  try {
    const session = await xr.start(mode, () => {
      classroom?.onXrEnd();
      vr.stop();
      ar?.stop();
      diagnostics.xrSessionMode = null;
      viewer.exitXr();
      button.textContent = idle;
      if (button === vrButton) setVrButtonState(vrButton, 'ready');
    });
    // An emulated Quest 3 is drawn by this machine's GPU at a quarter of the headset's per-eye resolution.
    await viewer.enterXr(session, vrButton.dataset.emulated ? 0.25 : 1, mode === 'immersive-ar');
    diagnostics.xrSessionMode = mode;
    if (mode === 'immersive-vr') vr.start();
    if (mode === 'immersive-ar') void ar?.start();
    classroom?.onXrStart();
    if (button === vrButton) setVrButtonState(vrButton, 'presenting'); else button.textContent = 'Exit AR';
  } catch (e) {
    fail(`Could not start ${mode === 'immersive-ar' ? 'AR' : 'VR'}.`, e);
    button.textContent = idle;
    if (button === vrButton) setVrButtonState(vrButton, 'ready');
  }
}

const guidancePanel = student ? null : new GuidancePanel(element<HTMLDivElement>('guidance'));
viewer.setHud(guidancePanel);
function showGuidance(view: GuidanceView): void {
  guidancePanel?.show(view);
  recordServerInvalid(view);
  const g = diagnostics.guidance;
  if (view.valid !== g.valid) {
    if (view.valid) g.validAtMs = Date.now(); else g.invalidAtMs = Date.now();
  }
  g.valid = view.valid;
  g.reason = view.valid ? null : view.reason;
  g.seq = view.message?.seq ?? 0;
  g.tipMm = view.valid ? view.message.tipMm ?? null : null;
  g.directionUnit = view.valid ? view.message.directionUnit ?? null : null;
  g.shown = Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-testid^="guidance-"]')]
    .map(e => [e.dataset.testid!.slice('guidance-'.length), e.textContent ?? '']));
  viewer.overlays.setNeedle(view.valid ? view.message.tipMm ?? null : null, view.valid ? view.message.directionUnit ?? null : null);
}
if (!student) new GuidanceSocket(showGuidance);
// A student's page has no pairing token and no registration to run: the teacher's workstation owns the tracker.
const ar = student ? null : new ArRegistration(viewer.xrHost().renderer, viewer.xrHost().scene, viewer.xrHost().camera, viewer.xrHost().patient);
if (ar) {
  viewer.beforeRender.push(() => ar.frame());
  ar.diagnostics.needleTipWorld = () => viewer.overlays.needleTipWorld();
  void ar.offerFromDesktop();
}
(window as unknown as { __surgicalnavAr: unknown }).__surgicalnavAr = ar?.diagnostics ?? null;

let slices: SlicePanel | null = null;
let pickMode: PickMode = 'cursor';
let currentPlan: Plan | null = null;
const planning = new PlanningPanel(element<HTMLDivElement>('planning-tools'), {
  setMode: (mode: PickMode) => { if (slices) slices.mode = mode; pickMode = mode; },
  showTrajectory: index => { if (currentPlan) viewer.showPlan(currentPlan, index); },
  evaluate: async (entry, target) => {
    const t = await evaluatePath({ entryMm: entry, targetMm: target });
    diagnostics.evaluation = t;
    return t;
  },
  accept: async (entry, target, name) => {
    try {
      setPlan(await acceptPath({ entryMm: entry, targetMm: target, target: name }));
    } catch (e) {
      fail('Could not accept the path.', e);
    }
  },
}, () => {
  viewer.overlays.setPicked(planning.entry, planning.target);
  viewer.overlays.setMeasurement(planning.measurePoints);
}, !student);
function setPlan(plan: Plan | null | undefined): void {
  currentPlan = plan ?? null;
  vr.setPlan(currentPlan);
  renderPlanSummary(planSummary, plan);
  planning.setPlan(currentPlan);
  if (currentPlan) viewer.showPlan(currentPlan);
}

const vr = new VrPlanning(viewer.xrHost(), {
  evaluate: (entry, target) => evaluatePath({ entryMm: entry, targetMm: target }),
  accept: async (entry, target, name) => setPlan(await acceptPath({ entryMm: entry, targetMm: target, target: name })),
  targetOnRay: ray => targetOnRay(ray),
  showTrajectory: index => { if (currentPlan) viewer.showPlan(currentPlan, index); },
  setSegmentVisible: (name, visible) => {
    setSegmentVisible(name, visible);
    classroom?.onLocalVisibility(name, visible);
  },
  error: (title, e) => fail(title, e),
}, !student);
viewer.beforeRender.push(() => vr.frame(), () => classroom?.beforeRender());
if (!student) mountVolumeControl(element<HTMLElement>('segments-panel').parentElement!, transferPresets, preset => vr.setVolume(preset));

let caseSegments: CaseDocument['segments'] = [];
function setSegmentVisible(name: string, visible: boolean): void {
  viewer.setSegmentVisible(name, visible);
  diagnostics.visible[name] = viewer.isSegmentVisible(name);
  const value = caseSegments.find(s => s.name === name)?.value;
  if (value !== undefined) slices?.setLabelVisible(value, visible);
  const box = document.querySelector<HTMLInputElement>(`input[data-segment='${CSS.escape(name)}']`);
  if (box) box.checked = visible;
}

function onPoint(mode: PickMode, lpsMm: Vec3): void {
  viewer.overlays.setCursor(lpsMm);
  if (slices) {
    const c = slices.cursorState();
    diagnostics.cursor = { ...c, level: diagnostics.cursor?.level ?? 0 };
  }
  void planning.pick(mode, lpsMm);
}
diagnostics.surfaceClicks = viewer.surfaceClicks;
viewer.onSurfacePick = p => {
  slices?.setCursorLps(p);
  onPoint(pickMode, p);
};

/** Largest CT grid loaded for the slices, in voxels; bigger scans come downsampled by the server. */
const sliceVoxelBudget = 24_000_000;

async function loadSlices(doc: CaseDocument): Promise<void> {
  const [nx, ny, nz] = doc.volume.dimensions;
  let level = 0;
  while (level < 4 && (nx * ny * nz) / 8 ** level > sliceVoxelBudget) level++;
  try {
    const [ct, labels] = await Promise.all([fetchVolume('volume', level), fetchVolume('labels', level).catch(() => null)]);
    slices = new SlicePanel(element<HTMLDivElement>('slices'), ct, labels, doc.segments, (mode, p) => onPoint(mode, p));
    slices.mode = pickMode;
    diagnostics.cursor = { ...slices.cursorState(), level };
    viewer.overlays.setCursor(slices.cursorState().lpsMm);
    diagnostics.slicesReady = true;
  } catch (e) {
    fail('Could not load the CT slices.', e);
  }
}

async function loadCase(source: CaseSource = { fetchCase: () => fetchCase(), anatomyUrl }): Promise<void> {
  let doc: CaseDocument;
  try {
    doc = await source.fetchCase();
  } catch (e) {
    caseName.textContent = 'No case';
    fail('Could not load the case.', e);
    return;
  }
  caseName.textContent = doc.name;
  document.title = `${doc.name} · SurgicalNav`;
  let meshNames: string[] = [];
  try {
    meshNames = await viewer.loadAnatomy(source.anatomyUrl(), doc.segments);
  } catch (e) {
    fail('Could not load the anatomy (anatomy.glb).', e);
  }
  setPlan(doc.plan);
  diagnostics.segments = meshNames;
  for (const name of meshNames) diagnostics.visible[name] = viewer.isSegmentVisible(name);
  caseSegments = doc.segments;
  renderSegmentList(segmentList, doc.segments, meshNames, name => viewer.isSegmentVisible(name), (name, visible) => {
    setSegmentVisible(name, visible);
    classroom?.onLocalVisibility(name, visible);
  }, {
    opacity: (name, opacity) => viewer.setSegmentOpacity(name, opacity),
    color: (name, rgb) => {
      viewer.setSegmentColor(name, rgb);
      const value = doc.segments.find(s => s.name === name)?.value;
      if (value !== undefined) slices?.setLabelColor(value, rgb);
    },
  });
  if (!student) await loadSlices(doc); // students get the shared 3D view, not the CT
  if (diagnostics.errors.length === 0) framesAfterLoad = 0;
}

async function startPage(): Promise<void> {
  const { renderer, camera, floor } = viewer.xrHost();
  classroom = new Classroom({
    parts: viewer.parts(),
    setSegmentVisible: (name, visible) => setSegmentVisible(name, visible),
    sidebar: segmentList.closest('aside') ?? document.body,
    vr,
    snap: new ViewpointSnap(renderer, camera, [vr.panelObject, floor]),
  });
  await loadCase(student ? await classroom.joinAsStudent() : undefined);
  classroom.connectIfInvited();
}

void Promise.all([setUpXr(), startPage()]);
