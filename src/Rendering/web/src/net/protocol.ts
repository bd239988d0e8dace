/**
 * The wire contract between `surgicalnav serve` and the client. Mirrors the C# records
 * SurgicalNav.App.Cases.CaseDocument, VolumeInfo, SegmentSummary, SurgicalNav.Planning.Plan, PlanTarget,
 * Trajectory, the guidance messages and the AR registration's records (SurgicalNav.App.Server.Ar) as serialised
 * by NavJson: camelCase names, points as [x, y, z], nulls omitted.
 * tests/App checks that every C# property appears here; keep names in step with the records.
 */

/** A point or vector [x, y, z]; in this contract patient LPS millimetres unless the name says otherwise. */
export type Vec3 = [number, number, number];

/** The contents of a case folder's case.json (C# CaseDocument). */
export interface CaseDocument {
  formatVersion: number;
  name: string;
  source: string;
  volume: VolumeInfo;
  segments: SegmentSummary[];
  /** Absent when the case has not been planned (C# null, omitted by NavJson). */
  plan?: Plan | null;
  device: string;
  /** Seconds each pipeline stage took, keyed by stage name. */
  stageSeconds: Record<string, number>;
}

/** Geometry and value range of the case's image (C# VolumeInfo). */
export interface VolumeInfo {
  dimensions: [number, number, number];
  spacingMm: [number, number, number];
  originMm: [number, number, number];
  /** 3x3 direction cosines, row-major. */
  direction: number[];
  seriesInstanceUid: string;
  modality: string;
  minValue: number;
  maxValue: number;
}

/** One segment of the label map (C# SegmentSummary). */
export interface SegmentSummary {
  value: number;
  name: string;
  /** sRGB components 0..1. */
  color: [number, number, number];
  voxels: number;
  volumeMl: number;
  triangles: number;
}

/** An ablation plan (C# Plan). The first trajectory is the chosen one. */
export interface Plan {
  targets: PlanTarget[];
  trajectories: Trajectory[];
  marginMm: number;
  /** Minimum clearance in mm required from each structure at risk, keyed by segment name. */
  requiredClearanceMm: Record<string, number>;
  /** The needles placed, each with its model and device settings (absent in plans saved before issue 7). */
  needles?: PlannedNeedle[] | null;
}

/** One needle of a plan (C# PlannedNeedle): skin entry and tip target in patient LPS mm. */
export interface PlannedNeedle {
  name: string;
  target: string;
  entryMm: Vec3;
  targetMm: Vec3;
  needle: NeedleModel;
  settings?: DeviceSettings | null;
}

/** An ablation needle (C# NeedleModel): gauge, usable length and active tip in mm. */
export interface NeedleModel {
  name: string;
  gauge: number;
  lengthMm: number;
  activeTipMm: number;
}

/** Generator settings (C# DeviceSettings): device name as in assets/ablation-devices.json, power in W, time in s. */
export interface DeviceSettings {
  device: string;
  powerW: number;
  timeS: number;
}

/** A target to ablate (C# PlanTarget). */
export interface PlanTarget {
  name: string;
  /** Centre in patient LPS mm. */
  centerMm: Vec3;
  radiusMm: number;
  volumeMl: number;
}

/** A straight needle path from skin entry to target (C# Trajectory). */
export interface Trajectory {
  name: string;
  /** Name of the PlanTarget this path reaches. */
  target: string;
  /** Skin entry point in patient LPS mm. */
  entryMm: Vec3;
  /** Needle tip position in patient LPS mm. */
  targetMm: Vec3;
  lengthMm: number;
  /** Smallest distance in mm from the path to each structure at risk, keyed by segment name. */
  minClearanceMm: Record<string, number>;
  meetsClearance: boolean;
  warning?: string | null;
}

/** Body of POST /api/case/evaluate and /api/case/plan/accept (C# PathRequest). Patient LPS mm. */
export interface PathRequest {
  entryMm: Vec3;
  targetMm: Vec3;
  /** Name of the plan target the path serves; a new name adds a manual target. */
  target?: string | null;
}

/** Body of POST /api/case/target-on-ray (C# RayRequest): a pointing ray in the patient frame. */
export interface RayRequest {
  /** Ray origin in patient LPS mm. */
  originMm: Vec3;
  /** Ray direction in patient LPS, any non-zero length. */
  direction: Vec3;
}

/** A stretch of a ray inside one segment (C# SegmentCrossing): mm along the ray from its origin. */
export interface SegmentCrossing {
  segment: string;
  enterMm: number;
  exitMm: number;
}

/**
 * Where the server puts a target on a pointing ray (C# RayTarget): the middle of the first tumour the ray crosses,
 * its segment, chord and distance from the ray origin (mm); all absent when the ray crosses no tumour.
 */
export interface RayTarget {
  targetMm?: Vec3 | null;
  segment?: string | null;
  chordMm?: number | null;
  alongMm?: number | null;
  /** Every segment on the ray inside the image, nearest first. */
  crossings: SegmentCrossing[];
}

/** The registration behind the guidance (C# RegistrationStatus). */
export interface RegistrationStatus {
  registered: boolean;
  /** Predicted target registration error in mm; absent when not registered. */
  predictedTreMm?: number | null;
  /** Text to show, e.g. "not registered". */
  label: string;
  /** The headset overlay's predicted error at the target, with its parts; absent when neither registration exists. */
  overlay?: OverlayError | null;
}

/**
 * Predicted RMS error at the planned target of what the headset draws (C# OverlayError), mm: the tracker
 * registration's TRE and the AR registration's, independent, so combined as √(tracker² + AR²). Absent parts are unknown.
 */
export interface OverlayError {
  trackerTreMm?: number | null;
  arTreMm?: number | null;
  combinedTreMm?: number | null;
}

/** One skin landmark to touch (C# ArFiducial): its name and position in patient LPS mm. */
export interface ArFiducial {
  name: string;
  imageMm: Vec3;
}

/**
 * An accepted headset registration (C# ArRegistrationResult). Matrices are 4×4 row-major in mm, image LPS ↔ headset
 * world (WebXR local-floor ×1000), as the server's frame graph resolves them; `fixed` says whether the touches were
 * registered to the tracker ("Tracker") or straight to the image ("Image").
 */
export interface ArRegistrationResult {
  fiducials: number;
  freMm: number;
  residualsMm: number[];
  predictedTreMm?: number | null;
  targetMm?: Vec3 | null;
  fleMm: number;
  freLimitMm: number;
  xrWorldToImage: number[];
  imageToXrWorld: number[];
  createdUtc: string;
  fixed: 'Image' | 'Tracker';
  /** The calibrated controller tips at each touch, headset world mm. */
  touchedXrWorldMm?: Vec3[] | null;
  overlay?: OverlayError | null;
}

/** An accepted controller tip calibration (C# ControllerTipCalibration): tip in the grip frame and pivot in headset world, mm. */
export interface ControllerTipCalibration {
  hand: 'right' | 'left';
  tipInGripMm: Vec3;
  pivotInXrWorldMm: Vec3;
  rmsMm: number;
  maxResidualMm: number;
  /** Largest rotation between two of the poses, degrees. */
  rotationRangeDeg: number;
  poses: number;
  rmsLimitMm: number;
  minRotationDeg: number;
  createdUtc: string;
}

/** A fiducial touched with the tracked pointer (C# PointerTouch): 0-based index, tip in the Tracker frame (mm), pose age (ms). */
export interface PointerTouch {
  fiducial: number;
  name: string;
  tipInTrackerMm: Vec3;
  ageMs: number;
  tipFrame: string;
}

/** An accepted tracked-pointer registration of the tracker (C# PointerRegistrationResult); trackerToImage is 4×4 row-major, mm. */
export interface PointerRegistrationResult {
  pointerTool: string;
  tipFrame: string;
  fiducialIndices: number[];
  tipsInTrackerMm: Vec3[];
  freMm: number;
  residualsMm: number[];
  predictedTreMm?: number | null;
  targetMm?: Vec3 | null;
  fleMm: number;
  freLimitMm: number;
  trackerToImage: number[];
  createdUtc: string;
}

/** The optical tracker as the AR registration sees it (C# ArTrackerState); absent without `serve --tracker`. */
export interface ArTrackerState {
  pointerTool: string;
  pointerTipFrame: string;
  connected: boolean;
  pointerVisible: boolean;
  /** True when the frame graph joins Tracker and Image (a tracker registration exists). */
  registered: boolean;
  /** Pointer touches of the round in progress, from any page, by fiducial. */
  touches: PointerTouch[];
  latest?: PointerRegistrationResult | null;
  fleMm: number;
  freLimitMm: number;
}

/** GET /api/case/ar/state (C# ArState). */
export interface ArState {
  fiducials: ArFiducial[];
  latest?: ArRegistrationResult | null;
  fleMm: number;
  freLimitMm: number;
  tipCalibrations: ControllerTipCalibration[];
  tracker?: ArTrackerState | null;
  overlay: OverlayError;
}

/**
 * Server-to-client message on /ws (C# GuidanceMessage). One per tracker sample; `valid` false (with `reason`
 * and no figures) when tracking is lost or stale. Figures are already rounded to 0.1 mm / 0.1°.
 */
export interface GuidanceMessage {
  type: 'guidance';
  seq: number;
  sampleTimestampNs: number;
  valid: boolean;
  reason?: string | null;
  tipToTargetMm?: number | null;
  lateralOffsetMm?: number | null;
  angleErrorDeg?: number | null;
  /** Along the planned path; negative past the target. */
  remainingDepthMm?: number | null;
  /** The tip's offset [x, y] mm in the plane perpendicular to the path (x towards patient left). */
  tipBullseyeMm?: [number, number] | null;
  /** Where the needle's extension crosses the target plane, [x, y] mm; absent when it never does. */
  aimBullseyeMm?: [number, number] | null;
  tipMm?: Vec3 | null;
  directionUnit?: Vec3 | null;
  /** Name of the trajectory guided along. */
  trajectory?: string | null;
  registration: RegistrationStatus;
  /** When the server published the message, Unix epoch ms. */
  sentUnixMs?: number;
}

/** Counters of the /ws channel (C# GuidanceStats), GET /api/guidance/stats. */
export interface GuidanceStats {
  clients: number;
  sent: number;
  malformed: number;
  samples: number;
  latencyP50Ms?: number | null;
  latencyP99Ms?: number | null;
}

/** Messages the client may send on /ws; anything else is dropped and counted by the server. */
export type ClientMessage = { type: 'ping'; t: number } | { type: 'hello'; client: string };
