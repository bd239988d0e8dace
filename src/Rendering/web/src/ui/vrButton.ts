/** States of the "Enter VR" button. */
export type VrButtonState = 'checking' | 'unsupported' | 'ready' | 'starting' | 'presenting';

const labels: Record<VrButtonState, [text: string, title: string]> = {
  checking: ['Enter VR', 'Checking for a WebXR headset…'],
  unsupported: ['VR unavailable', 'No immersive-vr support in this browser. Open the page on a headset, or add ?xr=quest3 to emulate one.'],
  ready: ['Enter VR', 'Show the anatomy and plan in the headset'],
  starting: ['Starting…', 'Waiting for the headset'],
  presenting: ['Exit VR', 'Leave the immersive session'],
};

/** Updates the button's label, tooltip and enabled state. */
export function setVrButtonState(button: HTMLButtonElement, state: VrButtonState): void {
  const [text, title] = labels[state];
  button.textContent = text;
  button.title = title;
  button.dataset.state = state;
  button.disabled = state === 'checking' || state === 'unsupported' || state === 'starting';
}
