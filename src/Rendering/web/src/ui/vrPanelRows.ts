import type { Plan, Trajectory } from '../net/protocol';
import { formatMm } from './planPanel';
import type { PanelRow } from './vrPanel';

/** Everything the VR panel shows. */
export interface VrPanelState {
  mode: 'target' | 'entry';
  /** Where a target pick lands: in the tumour the laser crosses, or on the organ surface. */
  targetDepth: 'tumour' | 'surface';
  plan: Plan | null;
  suggestion: number;
  /** The path was moved by the user since the suggestion was shown. */
  edited: boolean;
  /** The server's figures for the path shown; null while it computes them. */
  evaluation: Trajectory | null;
  pending: boolean;
  segments: { name: string; visible: boolean }[];
  volumePreset: string | null;
  clipOn: boolean;
  rehearsal: { phase: string; progress: number; deviceSeconds: number | null } | null;
  notes: string[];
  message: { text: string; tone: 'ok' | 'bad' | 'warn' | 'muted' } | null;
  /** Rows a host adds (the classroom's), shown after the segments. */
  extra: PanelRow[];
}

/** The panel's rows, top to bottom: path and clearances first, because that is what the user is deciding on. */
export function panelRows(s: VrPanelState): PanelRow[] {
  const rows: PanelRow[] = [];
  const n = s.plan?.trajectories.length ?? 0;
  rows.push({ kind: 'heading', text: s.edited ? 'Your path (server clearances)' : n ? `Suggestion ${s.suggestion + 1} of ${n}` : 'Path' });
  const t = s.evaluation;
  if (!t) {
    rows.push({ kind: 'text', text: s.pending ? 'Evaluating on the server…' : 'Point the laser at the anatomy and pull the trigger (or pinch) to place the target.', tone: 'muted' });
  } else {
    rows.push({ kind: 'text', text: `${s.edited ? 'Manual path' : t.name}: length ${formatMm(t.lengthMm)}` });
    for (const [structure, clearance] of Object.entries(t.minClearanceMm)) {
      const required = s.plan?.requiredClearanceMm[structure];
      const tone = required !== undefined && clearance < required ? 'bad' : 'ok';
      rows.push({ kind: 'text', text: `Clearance to ${structure}: ${formatMm(clearance)}`, tone });
    }
    rows.push(t.meetsClearance
      ? { kind: 'text', text: s.pending ? 'Meets the required clearances (updating…)' : 'Meets the required clearances', tone: 'ok' }
      : { kind: 'text', text: `⚠ ${t.warning ?? 'Does not meet the required clearances'}`, tone: 'bad' });
  }
  rows.push({ kind: 'buttons', buttons: [
    { id: 'prev', label: '◀ Prev', disabled: n < 2 },
    { id: 'next', label: 'Next ▶', disabled: n < 2 },
    { id: 'accept', label: 'Accept (A)', primary: true, disabled: !t },
  ] });
  if (s.message) rows.push({ kind: 'text', text: s.message.text, tone: s.message.tone });
  rows.push({ kind: 'heading', text: 'Laser places' });
  rows.push({ kind: 'buttons', buttons: [
    { id: 'mode-target', label: 'Target', active: s.mode === 'target' },
    { id: 'mode-entry', label: 'Entry (skin)', active: s.mode === 'entry' },
    { id: 'clip', label: s.clipOn ? 'Clip: on (X)' : 'Clip: off (X)', active: s.clipOn },
  ] });
  rows.push({ kind: 'buttons', buttons: [
    { id: 'depth:tumour', label: 'Target in tumour', active: s.targetDepth === 'tumour' },
    { id: 'depth:surface', label: 'Target on surface', active: s.targetDepth === 'surface' },
  ] });
  rows.push({ kind: 'heading', text: 'Segments' });
  rows.push(...segmentRows(s.segments), ...s.extra);
  rows.push({ kind: 'heading', text: 'CT volume' });
  rows.push({ kind: 'buttons', buttons: [
    { id: 'volume:off', label: 'Off', active: s.volumePreset === null },
    { id: 'volume:soft', label: 'Soft', active: s.volumePreset === 'soft' },
    { id: 'volume:bone', label: 'Bone', active: s.volumePreset === 'bone' },
    { id: 'volume:vessels', label: 'Vessels', active: s.volumePreset === 'vessels' },
    { id: 'volume:mip', label: 'MIP', active: s.volumePreset === 'mip' },
  ] });
  rows.push({ kind: 'heading', text: 'Rehearsal' });
  rows.push({ kind: 'buttons', buttons: [
    { id: 'play', label: s.rehearsal ? 'Replay (B)' : 'Play (B)' },
    { id: 'reset-view', label: 'Reset view' },
  ] });
  const r = s.rehearsal;
  if (r) {
    const text = r.phase === 'inserting' ? `Inserting: ${Math.round(r.progress * 100)} %`
      : r.phase === 'ablating' || r.phase === 'done'
        ? `${r.phase === 'done' ? 'Ablation complete' : 'Ablating'}${r.deviceSeconds !== null ? `: ${Math.round(r.deviceSeconds)} s of device time` : ''} (growth curve illustrative)`
        : 'Ready';
    rows.push({ kind: 'text', text, tone: 'muted' });
  }
  for (const note of s.notes) rows.push({ kind: 'text', text: note, tone: 'warn' });
  return rows;
}

/**
 * The panel of a viewer without the planning tools (a classroom student, who cannot reach the server's /api): segment
 * visibility, the clipping plane and the view, then the host's rows.
 */
export function viewingRows(segments: { name: string; visible: boolean }[], clipOn: boolean, extra: PanelRow[]): PanelRow[] {
  return [
    { kind: 'heading', text: 'Segments' },
    ...segmentRows(segments),
    { kind: 'heading', text: 'View' },
    { kind: 'buttons', buttons: [
      { id: 'clip', label: clipOn ? 'Clip: on (X)' : 'Clip: off (X)', active: clipOn },
      { id: 'reset-view', label: 'Reset view' },
    ] },
    ...extra,
  ];
}

function segmentRows(segments: { name: string; visible: boolean }[]): PanelRow[] {
  const rows: PanelRow[] = [];
  for (let i = 0; i < segments.length; i += 3) {
    rows.push({ kind: 'buttons', buttons: segments.slice(i, i + 3).map(g => ({ id: `segment:${g.name}`, label: g.name, active: g.visible })) });
  }
  return rows;
}
