import type { CaseDocument, PathRequest, Plan, RayRequest, RayTarget, Trajectory, Vec3 } from './protocol';

/** Paths of the REST API served by SurgicalNav.App.Server.CaseServer, relative to the page. */
export const endpoints = {
  case: 'api/case',
  anatomy: 'api/case/anatomy.glb',
  plan: 'api/case/plan',
  health: 'api/health',
  volume: 'api/case/volume',
  labels: 'api/case/labels',
  evaluate: 'api/case/evaluate',
  accept: 'api/case/plan/accept',
  targetOnRay: 'api/case/target-on-ray',
  ws: 'ws',
} as const;

/** The pairing token from the page URL (?token=), sent with every API call; absent on this machine's own desktop view. */
export const pairingToken: string | null = new URLSearchParams(window.location.search).get('token');

function authHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return pairingToken ? { ...extra, Authorization: `Bearer ${pairingToken}` } : extra;
}

/** A volume grid and its voxels, x fastest: patient LPS mm of voxel (i,j,k) = origin + D·(spacing ∘ (i,j,k)). */
export interface VolumeGrid<T extends Int16Array | Uint8Array> {
  dimensions: [number, number, number];
  spacingMm: Vec3;
  originMm: Vec3;
  /** 3x3 direction cosines, row-major. */
  direction: number[];
  data: T;
}

/** Fetches the CT (int16 HU) or the label values (uint8), downsampled by 2^level. */
export async function fetchVolume(kind: 'volume', level: number): Promise<VolumeGrid<Int16Array>>;
export async function fetchVolume(kind: 'labels', level: number): Promise<VolumeGrid<Uint8Array>>;
export async function fetchVolume(kind: 'volume' | 'labels', level: number): Promise<VolumeGrid<Int16Array | Uint8Array>> {
  const path = `${endpoints[kind]}?level=${level}`;
  const response = await request(path, { headers: authHeaders() });
  const numbers = (name: string): number[] => (response.headers.get(name) ?? '').split(',').map(Number);
  const dims = numbers('X-Dimensions');
  const buffer = await response.arrayBuffer();
  const data = kind === 'volume' ? new Int16Array(buffer) : new Uint8Array(buffer);
  if (dims.length !== 3 || dims.some(d => !Number.isInteger(d) || d <= 0) || data.length !== dims[0] * dims[1] * dims[2]) {
    throw new ApiError(`GET ${path} returned ${data.length} voxels for dimensions "${response.headers.get('X-Dimensions')}"`, response.status);
  }
  return {
    dimensions: dims as [number, number, number],
    spacingMm: numbers('X-Spacing-Mm') as Vec3,
    originMm: numbers('X-Origin-Mm') as Vec3,
    direction: numbers('X-Direction'),
    data,
  };
}

/** Asks the server for the length and clearances (mm) of a path; nothing is saved. */
export async function evaluatePath(path: PathRequest): Promise<Trajectory> {
  return postJson<Trajectory>(endpoints.evaluate, path);
}

/** Makes the path the chosen trajectory of its target; returns the saved plan. */
export async function acceptPath(path: PathRequest): Promise<Plan> {
  return postJson<Plan>(endpoints.accept, path);
}

/** Asks the server where a pointing ray puts the target: the middle of the first tumour it crosses, if any. */
export async function targetOnRay(ray: RayRequest): Promise<RayTarget> {
  return postJson<RayTarget>(endpoints.targetOnRay, ray);
}

/** The /ws URL with the token, ws: or wss: to match the page. */
export function socketUrl(): string {
  const url = new URL(endpoints.ws, document.baseURI);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (pairingToken) url.searchParams.set('token', pairingToken);
  return url.toString();
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await request(path, {
    method: 'POST',
    headers: authHeaders({ 'Content-Type': 'application/json', Accept: 'application/json' }),
    body: JSON.stringify(body),
  });
  return (await response.json()) as T;
}

async function request(path: string, init: RequestInit): Promise<Response> {
  const url = new URL(path, document.baseURI).toString();
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (e) {
    throw new ApiError(`Cannot reach the SurgicalNav server at ${url}: ${String(e)}. Is \`surgicalnav serve\` running?`, null);
  }
  if (!response.ok) {
    const reason = errorMessage(await response.text());
    throw new ApiError(`${init.method ?? 'GET'} ${path} returned ${response.status} ${response.statusText}${reason ? `. ${reason}` : ''}`, response.status);
  }
  return response;
}

/** Raised when a request to the server fails; the message says which URL and why. */
export class ApiError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Loads the open case's case.json. */
export async function fetchCase(signal?: AbortSignal): Promise<CaseDocument> {
  const url = new URL(endpoints.case, document.baseURI).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: authHeaders({ Accept: 'application/json' }) });
  } catch (e) {
    throw new ApiError(`Cannot reach the SurgicalNav server at ${url}: ${String(e)}. Is \`surgicalnav serve\` running?`, null);
  }
  if (!response.ok) {
    const reason = errorMessage(await response.text());
    throw new ApiError(`GET ${endpoints.case} returned ${response.status} ${response.statusText}${reason ? `. ${reason}` : ''}`, response.status);
  }
  const doc = (await response.json()) as CaseDocument;
  if (!Array.isArray(doc.segments)) {
    throw new ApiError(`GET ${endpoints.case} returned JSON without a segments list; is this a SurgicalNav case.json?`, response.status);
  }
  return doc;
}

/** Absolute URL of the case's anatomy GLB, for the three.js loader. */
export function anatomyUrl(): string {
  const url = new URL(endpoints.anatomy, document.baseURI);
  if (pairingToken) url.searchParams.set('token', pairingToken);
  return url.toString();
}

/** The server answers errors as {"error": "..."}; anything else is shown as text, shortened. */
function errorMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
      return (parsed as { error: string }).error;
    }
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 300);
}
