import type { Vec3 } from '../net/protocol';

/**
 * The classroom's wire protocol, mirroring C# SurgicalNav.App.Server.Classroom (ClassroomMessages,
 * ClassroomSession). Positions are patient LPS mm; "t" is the sender's clock in ms, relayed unchanged. A headset sends
 * its head pose as camera, its laser hit as pointer and its controller's plane as clipping, plus placement: where it put
 * the anatomy in its room (see AnatomyPlacement).
 */
export type ClassroomOutgoing =
  | { type: 'camera'; positionMm: Vec3; targetMm: Vec3; upUnit: Vec3; t?: number }
  | { type: 'pointer'; originMm: Vec3; pointMm: Vec3 | null; t?: number }
  | { type: 'visibility'; segment: string; visible: boolean; t?: number }
  | { type: 'clipping'; enabled: boolean; pointMm: Vec3; normal: Vec3; t?: number }
  | { type: 'labels'; shown: boolean; t?: number }
  | { type: 'placement'; positionRoomMm: Vec3; rotationXyzw: Quaternion; scale: number; t?: number }
  | { type: 'control'; to: number }
  | { type: 'ping'; t: number };

/** A rotation as an (x, y, z, w) unit quaternion. */
export type Quaternion = [number, number, number, number];

/**
 * Where a headset user put the anatomy: the patient group's transform into the room (the XR local-floor space, +y up),
 * as the room position of the patient frame's origin in mm, the rotation of the patient's glTF axes into the room, and a
 * uniform scale (0.1 to 20).
 */
export interface AnatomyPlacement { positionRoomMm: Vec3; rotationXyzw: Quaternion; scale: number }

/** The shared state kinds and their fields. */
export interface SharedState {
  camera?: { positionMm: Vec3; targetMm: Vec3; upUnit: Vec3 };
  pointer?: { originMm: Vec3; pointMm: Vec3 | null };
  clipping?: { enabled: boolean; pointMm: Vec3; normal: Vec3 };
  labels?: { shown: boolean };
  placement?: AnatomyPlacement;
  visibility?: Record<string, boolean>;
}

/** What the server sends on /classroom/ws. */
export type ClassroomIncoming =
  | { type: 'welcome'; clientId: number; role: 'teacher' | 'student'; controller: number; code: string; state: SharedState }
  | ({ type: 'state'; kind: 'camera' | 'pointer' | 'visibility' | 'clipping' | 'labels' | 'placement'; seq: number; from: number; t?: number } & Record<string, unknown>)
  | { type: 'control'; controller: number }
  | { type: 'pong'; t: number }
  | { type: 'ended' };

/** POST /api/classroom's answer (teacher). */
export interface ClassroomStarted { code: string; teacherKey: string; teacherId: number; joinUntilUtc: string; joinPath: string }

/** POST /classroom/join's answer (student). */
export interface ClassroomJoined { key: string; clientId: number; name: string; role: 'student' }

/** One row of GET /api/classroom's members list. */
export interface ClassroomMember { id: number; name: string; role: 'teacher' | 'student'; connected: boolean }
