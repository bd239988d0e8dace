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
  const device = new XRDevice(metaQuest3);
  device.installRuntime({ forceInstall: true });
  // The end-to-end tests drive the emulated controllers (pose, trigger, squeeze) through this handle.
  (window as unknown as { __surgicalnavXrDevice: unknown }).__surgicalnavXrDevice = device;
  return 'Meta Quest 3 (emulated)';
}
