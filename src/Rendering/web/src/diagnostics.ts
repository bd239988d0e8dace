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
  /** Mode of the running XR session, or null on the desktop. */
  xrSessionMode: string | null;
  /** Messages of errors shown to the user. */
  errors: string[];
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
  xrSessionMode: null,
  errors: [],
};

window.__surgicalnav = diagnostics;
