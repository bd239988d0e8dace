import type { Trajectory, Vec3 } from '../../net/protocol';
import type { RehearsalNeedle } from '../../net/vrApi';
import type { RehearsalState } from './rehearsal';

/**
 * What the VR view shows, for the end-to-end tests and the devtools console (window.__surgicalnavVr). Nothing in
 * the client reads it back. The three conversion helpers let a test aim an emulated controller at a patient point.
 */
export interface VrDiagnostics {
  active: boolean;
  mode: 'target' | 'entry';
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
};

window.__surgicalnavVr = vrDiagnostics;
