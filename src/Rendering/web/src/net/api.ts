import type { CaseDocument } from './protocol';

/** Paths of the REST API served by SurgicalNav.App.Server.CaseServer, relative to the page. */
export const endpoints = {
  case: 'api/case',
  anatomy: 'api/case/anatomy.glb',
  plan: 'api/case/plan',
  health: 'api/health',
} as const;

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
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
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
  return new URL(endpoints.anatomy, document.baseURI).toString();
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
