import type { RayTarget, Trajectory, Vec3 } from '../../net/protocol';
import type { RehearsalNeedle } from '../../net/vrApi';
import type { RehearsalState } from './rehearsal';

/**
 * What the VR view shows, for the end-to-end tests and the devtools console (window.__surgicalnavVr). Nothing in
 * the client reads it back. The three conversion helpers let a test aim an emulated controller at a patient point.
 */
export interface VrDiagnostics {
  active: boolean;
  mode: 'target' | 'entry';
  /** Where a target pick lands: the middle of the tumour the laser crosses, or the organ surface. */
  targetDepth: 'tumour' | 'surface';
  /** The server's last answer for a target on the laser's ray. */
  rayTarget: RayTarget | null;
  /** Pinches taken back because the hand closed into a fist (a grab) right after. */
  cancelledPicks: number;
  /** Ray casts made for each hand's laser (index 0 and 1): one per frame while it points. */
  reticleUpdates: [number, number];
  entryMm: Vec3 | null;
  targetMm: Vec3 | null;
  /** The server's trajectory behind the figures shown, or null while waiting for it. */
  evaluation: Trajectory | null;
  /** Evaluations answered by the server since load. */
  evaluations: number;
  lastRoundTripMs: number | null;
  /** Clearance texts on the panel, by structure ("4.2 mm"). */
  shownClearance: Record<string, string>;
  /** Every text row of the panel as drawn. */
  panel: string[];
  dragging: 'entry' | 'target' | null;
  grabbing: boolean;
  /** Uniform scale of the anatomy (1 = life size). */
  scale: number;
  clip: boolean;
  /** The pointing laser's surface hit in patient LPS mm (what a classroom shares as the pointer), or null. */
  laserHitMm: Vec3 | null;
  suggestion: number;
  /** Target name of the suggested trajectory shown (null when none). */
  suggestionTarget: string | null;
  accepted: number;
  lastPanelClick: string | null;
  volume: { preset: string; dimensions: [number, number, number]; huMin: number; huMax: number } | null;
  rehearsal: RehearsalState;
  rehearsalPlan: RehearsalNeedle | null;
  lpsToWorld: (lpsMm: Vec3) => Vec3;
  worldToLps: (worldM: Vec3) => Vec3;
  /** World position (m) of a panel button's centre, or null when the panel does not show it. */
  panelButtonWorld: (id: string) => Vec3 | null;
  /** The direction the panel's front faces, in the room (unit). */
  panelNormalWorld: () => Vec3;
  /** World position (m) of the left or right tracked hand's palm, or null when that hand is not tracked. */
  palmWorld: (handedness: 'left' | 'right') => Vec3 | null;
  /** Target ray casts along world rays (m) with or without the bounding-volume trees: hit points (m) and total ms. */
  castRays: (rays: { origin: Vec3; direction: Vec3 }[], bvh: boolean) => { hits: (Vec3 | null)[]; ms: number };
  /** Turns the bounding-volume trees off (false) or on, to measure the ray-cast time per frame without them. */
  setBvh: (on: boolean) => void;
}

declare global {
  interface Window {
    __surgicalnavVr: VrDiagnostics;
  }
}

/** The single VR diagnostics object, installed on window at module load. */
export const vrDiagnostics: VrDiagnostics = {
  active: false,
  mode: 'target',
  targetDepth: 'tumour',
  rayTarget: null,
  cancelledPicks: 0,
  reticleUpdates: [0, 0],
  entryMm: null,
  targetMm: null,
  evaluation: null,
  evaluations: 0,
  lastRoundTripMs: null,
  shownClearance: {},
  panel: [],
  dragging: null,
  grabbing: false,
  scale: 1,
  clip: false,
  laserHitMm: null,
  suggestion: 0,
  suggestionTarget: null,
  accepted: 0,
  lastPanelClick: null,
  volume: null,
  rehearsal: { phase: 'idle', progress: 0, tipMm: null, deviceSeconds: null },
  rehearsalPlan: null,
  lpsToWorld: () => { throw new Error('the VR view is not set up'); },
  worldToLps: () => { throw new Error('the VR view is not set up'); },
  panelButtonWorld: () => null,
  panelNormalWorld: () => [0, 0, 1],
  palmWorld: () => null,
  castRays: () => { throw new Error('the VR view is not set up'); },
  setBvh: () => { throw new Error('the VR view is not set up'); },
};

window.__surgicalnavVr = vrDiagnostics;
