/**
 * Headset emulation for developers and tests without a headset: with `?xr=quest3` in the page URL, the
 * Immersive Web Emulation Runtime (iwer) replaces navigator.xr with an emulated Meta Quest 3. iwer is
 * imported dynamically so it lands in its own chunk and is never downloaded otherwise.
 */

/** Emulated devices selectable with the `xr` query parameter. */
const profiles = ['quest3'] as const;

/** The emulation profile the URL asks for, or null. */
export function requestedEmulation(search: string = window.location.search): string | null {
  const value = new URLSearchParams(search).get('xr');
  return value && value.length > 0 ? value : null;
}

/**
 * Installs the emulated runtime when the URL asks for one. Must run before any isSupported check, so the
 * check sees the emulator. Chromium has its own navigator.xr, so the install is forced.
 */
export async function installEmulationIfRequested(): Promise<string | null> {
  const wanted = requestedEmulation();
  if (wanted === null) return null;
  if (!(profiles as readonly string[]).includes(wanted)) {
    throw new Error(`Unknown XR emulation "${wanted}" in ?xr=; supported: ${profiles.join(', ')}.`);
  }
  const { XRDevice, metaQuest3 } = await import('iwer');
  const { oculusHandConfig } = await import('iwer/lib/device/XRHandInput.js');
  // IWER's hands know relaxed, pinch and point; grabbing with a tracked hand is a fist (see scene/vr/trackedHand.ts).
  oculusHandConfig.poses.fist ??= fistPose(oculusHandConfig.poses.point);
  const device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  // The end-to-end tests drive the emulated controllers and hands (pose, trigger, squeeze, pinch, fist) through this handle.
  (window as unknown as { __surgicalnavXrDevice: unknown }).__surgicalnavXrDevice = device;
  return 'Meta Quest 3 (emulated)';
}

type HandPose = import('iwer/lib/device/XRHandInput.js').HandPose;

/**
 * A fist for IWER's hand: its pointing hand (middle, ring and little finger curled into the palm) with the index
 * curled the way the middle finger is, moved to the index's knuckle. Joint offsets are relative to the hand's
 * target-ray space, 4x4 column-major.
 */
function fistPose(point: HandPose): HandPose {
  type Joint = HandPose['jointTransforms'][keyof HandPose['jointTransforms']];
  const joints: Record<string, Joint> = { ...point.jointTransforms };
  const at = (joint: string): number[] => Array.from(joints[joint].offsetMatrix).slice(12, 15);
  const from = at('middle-finger-phalanx-proximal'), to = at('index-finger-phalanx-proximal');
  for (const part of ['phalanx-proximal', 'phalanx-intermediate', 'phalanx-distal', 'tip']) {
    const m = Array.from(joints[`middle-finger-${part}`].offsetMatrix);
    for (let a = 0; a < 3; a++) m[12 + a] += to[a] - from[a];
    joints[`index-finger-${part}`] = { ...joints[`index-finger-${part}`], offsetMatrix: m as Joint['offsetMatrix'] };
  }
  return { jointTransforms: joints as HandPose['jointTransforms'], gripOffsetMatrix: point.gripOffsetMatrix };
}
