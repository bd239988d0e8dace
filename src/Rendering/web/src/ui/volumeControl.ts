import type { TransferPreset } from '../scene/vr/volumeRenderer';

/**
 * The desktop's switch for the ray-marched CT volume: a panel in the sidebar with Off and one choice per transfer
 * preset. The headset's floating panel offers the same choices.
 */
export function mountVolumeControl(sidebar: HTMLElement, presets: readonly TransferPreset[], choose: (preset: string | null) => Promise<void>): HTMLSelectElement {
  const section = document.createElement('section');
  section.className = 'panel';
  section.id = 'volume-panel';
  const title = document.createElement('h2');
  title.textContent = 'CT volume';
  const select = document.createElement('select');
  select.dataset.testid = 'volume-preset';
  select.title = 'Ray-marched CT, downsampled by the server to at most 128 voxels per axis';
  select.append(new Option('Off', ''), ...presets.map(p => new Option(p.label, p.name)));
  select.addEventListener('change', () => void choose(select.value === '' ? null : select.value));
  section.append(title, select);
  const segments = sidebar.querySelector('#segments-panel');
  if (segments?.nextSibling) sidebar.insertBefore(section, segments.nextSibling); else sidebar.appendChild(section);
  return select;
}
