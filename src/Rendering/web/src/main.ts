import './styles.css';
import { diagnostics } from './diagnostics';
import { anatomyUrl, fetchCase } from './net/api';
import type { CaseDocument } from './net/protocol';
import { Viewer } from './scene/viewer';
import { showError } from './ui/banner';
import { renderPlanSummary } from './ui/planPanel';
import { renderSegmentList } from './ui/segmentPanel';
import { setVrButtonState } from './ui/vrButton';
import { installEmulationIfRequested } from './xr/emulation';
import * as xr from './xr/session';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html is missing #${id}`);
  return found as T;
}

const banner = element<HTMLDivElement>('banner');
const caseName = element<HTMLDivElement>('case-name');
const vrButton = element<HTMLButtonElement>('enter-vr');
const segmentList = element<HTMLUListElement>('segment-list');
const planSummary = element<HTMLDivElement>('plan-summary');
const viewport = element<HTMLDivElement>('viewport');

function fail(title: string, error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error);
  diagnostics.errors.push(`${title} ${detail}`);
  showError(banner, title, detail);
  console.error(title, error);
}

let framesAfterLoad = -1;
const viewer = new Viewer(viewport, frame => {
  if (frame) diagnostics.xrFrames++;
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
  vrButton.addEventListener('click', () => void toggleVr());
}

async function toggleVr(): Promise<void> {
  if (xr.activeMode()) {
    await xr.stop();
    return;
  }
  setVrButtonState(vrButton, 'starting');
  try {
    const session = await xr.start('immersive-vr', () => {
      diagnostics.xrSessionMode = null;
      viewer.exitXr();
      setVrButtonState(vrButton, 'ready');
    });
    // An emulated Quest 3 is drawn by this machine's GPU at a quarter of the headset's per-eye resolution.
    await viewer.enterXr(session, vrButton.dataset.emulated ? 0.25 : 1);
    diagnostics.xrSessionMode = 'immersive-vr';
    setVrButtonState(vrButton, 'presenting');
  } catch (e) {
    fail('Could not start VR.', e);
    setVrButtonState(vrButton, 'ready');
  }
}

async function loadCase(): Promise<void> {
  let doc: CaseDocument;
  try {
    doc = await fetchCase();
  } catch (e) {
    caseName.textContent = 'No case';
    fail('Could not load the case.', e);
    return;
  }
  caseName.textContent = doc.name;
  document.title = `${doc.name} · SurgicalNav`;
  renderPlanSummary(planSummary, doc.plan);
  let meshNames: string[] = [];
  try {
    meshNames = await viewer.loadAnatomy(anatomyUrl(), doc.segments);
  } catch (e) {
    fail('Could not load the anatomy (anatomy.glb).', e);
  }
  if (doc.plan) viewer.showPlan(doc.plan);
  diagnostics.segments = meshNames;
  for (const name of meshNames) diagnostics.visible[name] = viewer.isSegmentVisible(name);
  renderSegmentList(segmentList, doc.segments, meshNames, name => viewer.isSegmentVisible(name), (name, visible) => {
    viewer.setSegmentVisible(name, visible);
    diagnostics.visible[name] = viewer.isSegmentVisible(name);
  });
  if (diagnostics.errors.length === 0) framesAfterLoad = 0;
}

void Promise.all([setUpXr(), loadCase()]);
