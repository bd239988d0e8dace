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
  /**
   * Laser ray casts against the anatomy: whether the bounding-volume trees are used, the meshes still waiting for
   * theirs, the triangles indexed, the time it took to build all trees and the longest one (ms, each one task), the
   * casts of the last VR frame and the ray-cast time of recent VR frames (ms).
   */
  raycast: { bvh: boolean; pending: number; triangles: number; buildMs: number; longestBuildMs: number; castsPerFrame: number; frameMs: number[] };
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
  raycast: { bvh: true, pending: 0, triangles: 0, buildMs: 0, longestBuildMs: 0, castsPerFrame: 0, frameMs: [] },
};

window.__surgicalnav = diagnostics;
