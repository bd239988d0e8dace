import { pairingToken } from '../../net/api';
import type { Vec3 } from '../../net/protocol';

/** One skin landmark to touch (C# ArFiducial): its name and position in patient LPS mm. */
export interface ArFiducial {
  name: string;
  imageMm: Vec3;
}

/** An accepted AR registration (C# ArRegistrationResult); matrices are 4×4 row-major in mm. */
export interface ArRegistrationResult {
  fiducials: number;
  freMm: number;
  residualsMm: number[];
  predictedTreMm: number | null;
  targetMm: Vec3 | null;
  fleMm: number;
  freLimitMm: number;
  xrWorldToImage: number[];
  imageToXrWorld: number[];
  createdUtc: string;
}

/** GET /api/case/ar/fiducials. */
export interface ArFiducialList {
  fiducials: ArFiducial[];
  latest: ArRegistrationResult | null;
  fleMm: number;
  freLimitMm: number;
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

/** The fiducials to touch and the case's latest AR registration. */
export function fetchArFiducials(): Promise<ArFiducialList> {
  return call<ArFiducialList>('api/case/ar/fiducials', { method: 'GET' });
}

/** Sends the touched points (headset world mm, fiducial order); rejects with the server's message when refused. */
export function postArRegistration(xrWorldMm: Vec3[]): Promise<ArRegistrationResult> {
  return call<ArRegistrationResult>('api/case/ar/register', { method: 'POST', body: JSON.stringify({ xrWorldMm }) });
}
