/**
 * The WebXR session, wrapped so the rest of the client asks three questions: is a mode supported, start
 * it, stop it. Rendering into the session is the scene's job (three's renderer.xr), not this module's.
 */

/** Immersive modes the client can ask for. */
export type ImmersiveMode = 'immersive-vr' | 'immersive-ar';

let current: { session: XRSession; mode: ImmersiveMode } | null = null;

/** True when the browser (or the installed emulator) offers the mode. Never throws. */
export async function isSupported(mode: ImmersiveMode): Promise<boolean> {
  const xr = navigator.xr;
  if (!xr) return false;
  try {
    return await xr.isSessionSupported(mode);
  } catch {
    // Chromium rejects when a permissions policy blocks XR; that is "not supported" for us.
    return false;
  }
}

/**
 * Requests an immersive session. Must be called from a user gesture (a click). `onEnd` runs once when the
 * session ends, whether the user left it or stop() was called.
 */
export async function start(mode: ImmersiveMode, onEnd: () => void): Promise<XRSession> {
  const xr = navigator.xr;
  if (!xr) throw new Error('This browser has no WebXR (navigator.xr is missing).');
  if (current) return current.session;
  const session = await xr.requestSession(mode, {
    optionalFeatures: ['local-floor', 'bounded-floor', 'hand-tracking'],
  });
  current = { session, mode };
  session.addEventListener('end', () => {
    current = null;
    onEnd();
  }, { once: true });
  return session;
}

/** Ends the running session, if any. */
export async function stop(): Promise<void> {
  const running = current;
  if (!running) return;
  await running.session.end();
}

/** The mode of the running session, or null. */
export function activeMode(): ImmersiveMode | null {
  return current?.mode ?? null;
}
