/**
 * Test and diagnostic state, read by the Playwright end-to-end tests and handy in the devtools console.
 * Nothing in the client reads it back; it only reports.
 */
export interface Diagnostics {
  /** True once the case, the anatomy and the plan are in the scene and a frame has been drawn. */
  ready: boolean;
  /** Names of the segment meshes in the scene. */
  segments: string[];
  /** Visibility of each segment mesh, by name. */
  visible: Record<string, boolean>;
  /** Animation frames that were driven by an XRFrame (i.e. rendered for a headset). */
  xrFrames: number;
  /** Every frame drawn, desktop or headset. */
  frames: number;
  /** Clicks on the 3D view that hit a surface, and that hit none. */
  surfaceClicks: { hits: number; misses: number };
  /** Mode of the running XR session, or null on the desktop. */
  xrSessionMode: string | null;
  /** Messages of errors shown to the user. */
  errors: string[];
  /** True once the CT slices are drawn. */
  slicesReady: boolean;
  /** The slice crosshair: voxel index (of the downsampled grid), patient LPS mm, HU there, and the grid level. */
  cursor: { index: [number, number, number]; lpsMm: [number, number, number]; hu: number; level: number } | null;
  /** Guidance as displayed: valid, the shown texts, and Date.now() when it last turned valid/invalid. */
  guidance: { valid: boolean; reason: string | null; seq: number; shown: Record<string, string>; validAtMs: number; invalidAtMs: number; tipMm: number[] | null; directionUnit: number[] | null };
  /** The last path evaluation the server returned (JSON of a Trajectory), or null. */
  evaluation: unknown;
  /** Draw calls and triangles of the last frame, and recent frame times in ms. */
  render: { calls: number; triangles: number; frameMs: number[] };
}

declare global {
  interface Window {
    __surgicalnav: Diagnostics;
  }
}

/** The single diagnostics object, installed on window at module load. */
export const diagnostics: Diagnostics = {
  ready: false,
  segments: [],
  visible: {},
  xrFrames: 0,
  frames: 0,
  surfaceClicks: { hits: 0, misses: 0 },
  xrSessionMode: null,
  errors: [],
  slicesReady: false,
  cursor: null,
  guidance: { valid: false, reason: null, seq: 0, shown: {}, validAtMs: 0, invalidAtMs: 0, tipMm: null, directionUnit: null },
  evaluation: null,
  render: { calls: 0, triangles: 0, frameMs: [] },
};

window.__surgicalnav = diagnostics;
