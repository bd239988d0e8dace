import type { Group, Plane } from 'three';
import { fetchVolumeTexture } from '../../net/vrApi';
import { VolumeRenderer, transferPresets } from './volumeRenderer';
import { vrDiagnostics } from './vrDiagnostics';

/** A line for the VR panel about the volume: what is happening or what went wrong; null clears it. */
export type VolumeNote = { text: string; tone: 'muted' | 'bad' } | null;

/**
 * The ray-marched CT of the VR view: fetched from the server once, on first use (downsampled to at most 128 voxels per
 * axis), then shown with a transfer preset or hidden, and cut by the controller's clipping plane.
 */
export class CtVolume {
  private renderer: VolumeRenderer | null = null;
  /** The preset shown (see transferPresets), or null while the volume is off. */
  preset: string | null = null;

  constructor(private readonly patient: Group, private readonly note: (note: VolumeNote) => void, private readonly error: (title: string, e: unknown) => void) {}

  /** Shows the volume with a preset name, or hides it with null. */
  async show(preset: string | null): Promise<void> {
    this.preset = preset;
    if (preset === null) {
      if (this.renderer) this.renderer.mesh.visible = false;
      vrDiagnostics.volume = null;
      return;
    }
    if (!this.renderer) {
      this.note({ text: 'Loading the CT volume…', tone: 'muted' });
      try {
        this.renderer = new VolumeRenderer(await fetchVolumeTexture(128));
        this.patient.add(this.renderer.mesh);
        this.note(null);
      } catch (e) {
        this.note({ text: `Volume: ${e instanceof Error ? e.message : String(e)}`, tone: 'bad' });
        this.error('Could not load the CT volume.', e);
        return;
      }
    }
    if (this.preset === null) return; // switched off while loading
    const chosen = transferPresets.find(p => p.name === this.preset) ?? transferPresets[0];
    this.renderer.setPreset(chosen);
    this.renderer.mesh.visible = true;
    const { dimensions, huMin, huMax } = this.renderer.volume;
    vrDiagnostics.volume = { preset: chosen.name, dimensions, huMin, huMax };
  }

  /** Cuts the volume with a plane (world frame; what lies behind it goes), or stops cutting with null. */
  setClipPlane(plane: Plane | null): void {
    this.renderer?.setClipPlane(plane);
  }
}
