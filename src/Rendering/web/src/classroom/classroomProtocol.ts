import type { Vec3 } from '../net/protocol';

/**
 * The classroom's wire protocol, mirroring C# SurgicalNav.App.Server.Classroom (ClassroomMessages,
 * ClassroomSession). Positions are patient LPS mm; "t" is the sender's clock in ms, relayed unchanged.
 */
export type ClassroomOutgoing =
  | { type: 'camera'; positionMm: Vec3; targetMm: Vec3; upUnit: Vec3; t?: number }
  | { type: 'pointer'; originMm: Vec3; pointMm: Vec3 | null; t?: number }
  | { type: 'visibility'; segment: string; visible: boolean; t?: number }
  | { type: 'clipping'; enabled: boolean; pointMm: Vec3; normal: Vec3; t?: number }
  | { type: 'labels'; shown: boolean; t?: number }
  | { type: 'control'; to: number }
  | { type: 'ping'; t: number };

/** The shared state kinds and their fields. */
export interface SharedState {
  camera?: { positionMm: Vec3; targetMm: Vec3; upUnit: Vec3 };
  pointer?: { originMm: Vec3; pointMm: Vec3 | null };
  clipping?: { enabled: boolean; pointMm: Vec3; normal: Vec3 };
  labels?: { shown: boolean };
  visibility?: Record<string, boolean>;
}

/** What the server sends on /classroom/ws. */
export type ClassroomIncoming =
  | { type: 'welcome'; clientId: number; role: 'teacher' | 'student'; controller: number; code: string; state: SharedState }
  | ({ type: 'state'; kind: 'camera' | 'pointer' | 'visibility' | 'clipping' | 'labels'; seq: number; from: number; t?: number } & Record<string, unknown>)
  | { type: 'control'; controller: number }
  | { type: 'pong'; t: number }
  | { type: 'ended' };

/** POST /api/classroom's answer (teacher). */
export interface ClassroomStarted { code: string; teacherKey: string; teacherId: number; joinUntilUtc: string; joinPath: string }

/** POST /classroom/join's answer (student). */
export interface ClassroomJoined { key: string; clientId: number; name: string; role: 'student' }

/** One row of GET /api/classroom's members list. */
export interface ClassroomMember { id: number; name: string; role: 'teacher' | 'student'; connected: boolean }
