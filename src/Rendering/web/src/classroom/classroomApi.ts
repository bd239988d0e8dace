import type { CaseDocument } from '../net/protocol';
import { pairingToken } from '../net/api';
import type { ClassroomJoined, ClassroomMember, ClassroomStarted } from './classroomProtocol';

/** Raised when a classroom request fails; `status` is the HTTP status (401: wrong code or key) or null when unreachable. */
export class ClassroomError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'ClassroomError';
  }
}

function url(path: string, key?: string): string {
  const u = new URL(path, document.baseURI);
  if (key) u.searchParams.set('key', key);
  else if (pairingToken && path.startsWith('api/')) u.searchParams.set('token', pairingToken);
  return u.toString();
}

async function call<T>(path: string, init: RequestInit = {}, key?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url(path, key), init);
  } catch (e) {
    throw new ClassroomError(`Cannot reach the SurgicalNav server: ${String(e)}`, null);
  }
  const text = await response.text();
  if (!response.ok) {
    let reason = text.slice(0, 300);
    try { reason = (JSON.parse(text) as { error?: string }).error ?? reason; } catch { /* not JSON */ }
    throw new ClassroomError(reason || `${response.status} ${response.statusText}`, response.status);
  }
  return (text ? JSON.parse(text) : null) as T;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/** Starts a classroom session (teacher; needs the pairing token off this machine). */
export const startSession = (): Promise<ClassroomStarted> => call<ClassroomStarted>('api/classroom', json({}));

/** Ends the running session. */
export const endSession = (): Promise<void> => call<void>('api/classroom', { method: 'DELETE' });

/** The running session's members (teacher). */
export async function members(): Promise<ClassroomMember[]> {
  return (await call<{ members: ClassroomMember[] }>('api/classroom')).members;
}

/** Joins with the code the teacher shows; 401 (ClassroomError.status) when the code is wrong or expired. */
export const join = (code: string, name: string): Promise<ClassroomJoined> => call<ClassroomJoined>('classroom/join', json({ code, name }));

/** The de-identified case a member sees. */
export const fetchSharedCase = (key: string): Promise<CaseDocument> => call<CaseDocument>('classroom/case', {}, key);

/** URL of the de-identified anatomy GLB. */
export const sharedAnatomyUrl = (key: string): string => url('classroom/anatomy.glb', key);

/** The /classroom/ws URL for a member key, ws: or wss: to match the page. */
export function classroomSocketUrl(key: string): string {
  const u = new URL(url('classroom/ws', key));
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}
