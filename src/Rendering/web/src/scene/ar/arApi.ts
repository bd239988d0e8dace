import { pairingToken } from '../../net/api';
import type {
  ArRegistrationResult, ArState, ArTrackerState, ControllerTipCalibration, PointerRegistrationResult, PointerTouch,
} from '../../net/protocol';

/** A hand of the headset, as WebXR names it. */
export type Hand = 'right' | 'left';

/** One controller touch: the hand and its grip → headset world pose, 4×4 row-major in mm. */
export interface GripTouch {
  hand: Hand;
  gripToXrWorld: number[];
}

function headers(): Record<string, string> {
  const h: Record<string, string> = { 'Content-Type': 'application/json' };
  if (pairingToken) h.Authorization = `Bearer ${pairingToken}`;
  return h;
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(new URL(path, document.baseURI).toString(), { ...init, headers: headers() });
  const text = await response.text();
  if (!response.ok) {
    let reason = text;
    try { reason = (JSON.parse(text) as { error?: string }).error ?? text; } catch { /* not JSON: show it as is */ }
    throw new Error(reason || `${path} returned ${response.status}`);
  }
  return JSON.parse(text) as T;
}

function post<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

/** The fiducials, the latest registrations, the controllers' tip calibrations and the tracker. */
export function fetchArState(): Promise<ArState> {
  return call<ArState>('api/case/ar/state', { method: 'GET' });
}

/** The tracker part of the state alone (null without a tracker); chooses no fiducials, so a page load stays cheap. */
export function fetchArTracker(): Promise<ArTrackerState | null> {
  return call<ArTrackerState | null>('api/case/ar/tracker', { method: 'GET' });
}

/** Sends the grip poses recorded while the tip stayed on one point; the server solves the tip or says why not. */
export function postTipCalibration(hand: Hand, gripToXrWorld: number[][]): Promise<ControllerTipCalibration> {
  return post('api/case/ar/tip-calibration', { hand, gripToXrWorld });
}

/** Asks the server to read the tracked pointer's tip now for fiducial `fiducial` (0-based; null: the next untouched one). */
export function postPointerTouch(fiducial: number | null): Promise<PointerTouch> {
  return post('api/case/ar/pointer', fiducial === null ? {} : { fiducial });
}

/** Forgets the pointer touches of the round in progress. */
export function postPointerReset(): Promise<PointerTouch[]> {
  return post('api/case/ar/pointer/reset', {});
}

/** Registers the tracker from the pointer touches of these fiducials (0-based). */
export function postPointerRegistration(fiducials: number[]): Promise<PointerRegistrationResult> {
  return post('api/case/ar/pointer/register', { fiducials });
}

/** Sends the controller touches, in fiducial order; rejects with the server's message when refused. */
export function postArRegistration(touches: GripTouch[]): Promise<ArRegistrationResult> {
  return post('api/case/ar/register', { touches });
}
