import { ApiError, pairingToken } from './api';
import type { DeviceSettings, Vec3 } from './protocol';

/**
 * The VR view's calls beyond the desktop API (C# SurgicalNav.App.Server.VrEndpoints): the CT as a uint8 3D texture
 * for ray marching, and the needles to rehearse with their ablation zones and simulated necrosis.
 */
export const vrEndpoints = {
  volumeTexture: 'api/case/volume-texture',
  rehearsal: 'api/case/rehearsal',
} as const;

/** The CT downsampled on the server: voxel v (0..255) stands for HU = huMin + v·(huMax − huMin)/255; x fastest. */
export interface VolumeTexture {
  dimensions: [number, number, number];
  spacingMm: Vec3;
  originMm: Vec3;
  /** 3x3 direction cosines, row-major. */
  direction: number[];
  huMin: number;
  huMax: number;
  data: Uint8Array;
}

/** A predicted ablation zone (C# AblationZone): ellipsoid of revolution in patient LPS mm. */
export interface AblationZone {
  centerMm: Vec3;
  /** Unit axis along the needle, entry to tip. */
  axis: Vec3;
  lengthMm: number;
  diameterMm: number;
  volumeMl: number;
}

/** One needle to rehearse (C# VrRehearsal). Patient LPS mm. */
export interface RehearsalNeedle {
  name: string;
  target: string;
  entryMm: Vec3;
  targetMm: Vec3;
  settings?: DeviceSettings | null;
  zone?: AblationZone | null;
  zoneNote?: string | null;
  /** URL of the necrosis mesh (GLB) relative to the page; absent without a matching simulation. */
  necrosisMesh?: string | null;
  necrosisMl?: number | null;
  necrosisNote?: string | null;
}

function headers(): Record<string, string> {
  return pairingToken ? { Authorization: `Bearer ${pairingToken}` } : {};
}

async function get(path: string): Promise<Response> {
  const url = new URL(path, document.baseURI).toString();
  let response: Response;
  try {
    response = await fetch(url, { headers: headers() });
  } catch (e) {
    throw new ApiError(`Cannot reach the SurgicalNav server at ${url}: ${String(e)}. Is \`surgicalnav serve\` running?`, null);
  }
  if (!response.ok) {
    const text = await response.text();
    let reason = text.slice(0, 300);
    try { reason = (JSON.parse(text) as { error?: string }).error ?? reason; } catch { /* not JSON */ }
    throw new ApiError(`GET ${path} returned ${response.status}. ${reason}`, response.status);
  }
  return response;
}

/** Fetches the CT texture with at most `size` voxels on its longest axis (16..256). */
export async function fetchVolumeTexture(size: number): Promise<VolumeTexture> {
  const path = `${vrEndpoints.volumeTexture}?size=${size}`;
  const response = await get(path);
  const numbers = (name: string): number[] => (response.headers.get(name) ?? '').split(',').map(Number);
  const dims = numbers('X-Dimensions');
  const data = new Uint8Array(await response.arrayBuffer());
  if (dims.length !== 3 || dims.some(d => !Number.isInteger(d) || d <= 0) || data.length !== dims[0] * dims[1] * dims[2]) {
    throw new ApiError(`GET ${path} returned ${data.length} voxels for dimensions "${response.headers.get('X-Dimensions')}"`, response.status);
  }
  const [huMin] = numbers('X-Hu-Min'), [huMax] = numbers('X-Hu-Max');
  if (!Number.isFinite(huMin) || !Number.isFinite(huMax) || huMax <= huMin) {
    throw new ApiError(`GET ${path} returned no usable HU window (X-Hu-Min "${response.headers.get('X-Hu-Min')}", X-Hu-Max "${response.headers.get('X-Hu-Max')}")`, response.status);
  }
  return {
    dimensions: dims as [number, number, number],
    spacingMm: numbers('X-Spacing-Mm') as Vec3,
    originMm: numbers('X-Origin-Mm') as Vec3,
    direction: numbers('X-Direction'),
    huMin, huMax, data,
  };
}

/** The needles of the plan to rehearse. */
export async function fetchRehearsal(): Promise<RehearsalNeedle[]> {
  const body = (await (await get(vrEndpoints.rehearsal)).json()) as { needles?: RehearsalNeedle[] };
  if (!Array.isArray(body.needles)) throw new ApiError(`GET ${vrEndpoints.rehearsal} returned JSON without a needles list`, 200);
  return body.needles;
}

/** Absolute URL (with the pairing token) of a page-relative API path, for loaders that fetch on their own. */
export function apiUrl(path: string): string {
  const url = new URL(path, document.baseURI);
  if (pairingToken) url.searchParams.set('token', pairingToken);
  return url.toString();
}
