import type { SegmentSummary } from '../net/protocol';

/** Called when the user ticks or unticks a segment. */
export type ToggleListener = (name: string, visible: boolean) => void;

/** Called when the user changes a segment's opacity (0..1) or colour (sRGB 0..1). */
export interface StyleListener {
  opacity(name: string, opacity: number): void;
  color(name: string, rgb: [number, number, number]): void;
}

/**
 * Lists the case's segments with a colour swatch, volume and a visibility checkbox each. Segments with no
 * mesh in anatomy.glb are listed but cannot be toggled; meshes the case does not list are added at the end.
 */
export function renderSegmentList(
  list: HTMLElement,
  segments: readonly SegmentSummary[],
  meshNames: readonly string[],
  isVisible: (name: string) => boolean,
  onToggle: ToggleListener,
  onStyle?: StyleListener,
): void {
  list.replaceChildren();
  const inScene = new Set(meshNames);
  const rows: { name: string; summary?: SegmentSummary }[] = segments.map(s => ({ name: s.name, summary: s }));
  for (const name of meshNames) if (!segments.some(s => s.name === name)) rows.push({ name });

  for (const { name, summary } of rows) {
    const item = document.createElement('li');
    item.className = 'segment';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.segment = name;
    box.setAttribute('aria-label', `Show ${name}`);
    box.disabled = !inScene.has(name);
    box.checked = inScene.has(name) && isVisible(name);
    box.addEventListener('change', () => onToggle(name, box.checked));

    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    if (summary) {
      const [r, g, b] = summary.color.map(c => Math.round(Math.min(Math.max(c, 0), 1) * 255));
      swatch.style.backgroundColor = `rgb(${r}, ${g}, ${b})`;
    }
    const title = document.createElement('span');
    title.className = 'segment-name';
    title.textContent = name;
    const meta = document.createElement('span');
    meta.className = 'segment-meta';
    meta.textContent = !inScene.has(name) ? 'no mesh' : summary ? `${summary.volumeMl.toFixed(1)} mL` : '';

    label.append(box, swatch, title, meta);
    item.appendChild(label);
    if (onStyle && inScene.has(name)) {
      const controls = document.createElement('div');
      controls.className = 'segment-style';
      const opacity = document.createElement('input');
      opacity.type = 'range';
      opacity.min = '0';
      opacity.max = '100';
      opacity.value = name === 'body' || name === 'skin' ? '30' : '100';
      opacity.dataset.opacity = name;
      opacity.setAttribute('aria-label', `Opacity of ${name}`);
      opacity.addEventListener('input', () => onStyle.opacity(name, Number(opacity.value) / 100));
      const color = document.createElement('input');
      color.type = 'color';
      color.dataset.color = name;
      color.setAttribute('aria-label', `Colour of ${name}`);
      if (summary) color.value = '#' + summary.color.map(c => Math.round(Math.min(Math.max(c, 0), 1) * 255).toString(16).padStart(2, '0')).join('');
      color.addEventListener('input', () => {
        const rgb = [1, 3, 5].map(i => parseInt(color.value.slice(i, i + 2), 16) / 255) as [number, number, number];
        swatch.style.backgroundColor = color.value;
        onStyle.color(name, rgb);
      });
      controls.append(opacity, color);
      item.appendChild(controls);
    }
    list.appendChild(item);
  }
}
