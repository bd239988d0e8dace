import { CanvasTexture, Mesh, MeshBasicMaterial, PerspectiveCamera, PlaneGeometry } from 'three';

/** How a panel line reads: working (dark), done (green) or refused (red). */
export type ArPanelTone = 'working' | 'done' | 'refused';

const backgrounds: Record<ArPanelTone, string> = { working: '#101418', done: '#103018', refused: '#5a0d0d' };

/**
 * The registration's floating panel in the headset, fixed to the view: a title and a wrapped message, red when a step
 * was refused. The same text goes to a DOM element for the desktop view, screen readers and the tests.
 */
export class ArPanel {
  private readonly canvas = document.createElement('canvas');
  private readonly texture: CanvasTexture;
  readonly mesh: Mesh;

  constructor(camera: PerspectiveCamera, private readonly text: HTMLElement) {
    this.canvas.width = 512;
    this.canvas.height = 320;
    this.texture = new CanvasTexture(this.canvas);
    this.mesh = new Mesh(new PlaneGeometry(0.3, 0.1875), new MeshBasicMaterial({ map: this.texture, transparent: true, depthTest: false }));
    this.mesh.name = 'ar-registration-panel';
    this.mesh.renderOrder = 31;
    this.mesh.position.set(0.2, 0.1, -0.6);
    this.mesh.visible = false;
    camera.add(this.mesh);
  }

  /** Shows a title and message in a tone. */
  show(title: string, message: string, tone: ArPanelTone): void {
    this.text.textContent = message;
    this.text.classList.toggle('bad', tone === 'refused');
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.fillStyle = backgrounds[tone];
    g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    g.fillStyle = tone === 'refused' ? '#ff8a80' : '#ffffff';
    g.font = 'bold 26px sans-serif';
    g.fillText(title, 16, 36);
    g.font = '20px sans-serif';
    let y = 70, row = '';
    for (const word of message.split(' ')) {
      if (g.measureText(`${row} ${word}`).width > this.canvas.width - 32 && row) { g.fillText(row, 16, y); y += 25; row = word; } else row = row ? `${row} ${word}` : word;
    }
    g.fillText(row, 16, y);
    this.texture.needsUpdate = true;
  }
}
