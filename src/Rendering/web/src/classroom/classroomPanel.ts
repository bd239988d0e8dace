import type { ClassroomMember } from './classroomProtocol';

/** What the panel's controls do; the classroom session implements them. */
export interface ClassroomPanelActions {
  start(): void;
  end(): void;
  giveControl(memberId: number): void;
  setLabels(shown: boolean): void;
  setClipping(enabled: boolean, fraction: number): void;
  setFollow(follow: boolean): void;
}

/**
 * The classroom section of the side panel. A teacher gets a Start button, then the join code in large type,
 * the roster with Give-control buttons, and the shared Labels and Clip controls. A student sees the code it
 * joined, who has control, and a Follow-the-teacher switch; the Labels and Clip controls act for everyone only
 * while the student has control.
 */
export class ClassroomPanel {
  readonly root = document.createElement('section');
  private readonly body = document.createElement('div');
  private readonly status = document.createElement('div');
  private readonly code = document.createElement('div');
  private readonly roster = document.createElement('ul');
  private readonly controls = document.createElement('div');
  private readonly startButton = document.createElement('button');
  private readonly labels = document.createElement('input');
  private readonly clip = document.createElement('input');
  private readonly clipAt = document.createElement('input');
  private readonly follow = document.createElement('input');
  private running = false;
  /** The roster as last drawn, so an unchanged poll leaves the buttons (and a click on its way to them) alone. */
  private rosterShown = '';

  constructor(private readonly actions: ClassroomPanelActions) {
    this.root.className = 'panel classroom-panel';
    this.root.id = 'classroom-panel';
    const title = document.createElement('h2');
    title.textContent = 'Classroom';
    this.startButton.type = 'button';
    this.startButton.className = 'primary';
    this.startButton.id = 'classroom-start';
    this.startButton.textContent = 'Start classroom';
    this.startButton.addEventListener('click', () => (this.running ? actions.end() : actions.start()));
    this.code.className = 'classroom-code';
    this.code.dataset.testid = 'classroom-code';
    this.status.className = 'classroom-status muted';
    this.status.dataset.testid = 'classroom-status';
    this.roster.className = 'classroom-roster';
    this.controls.className = 'classroom-controls';
    this.controls.append(
      toggle(this.labels, 'classroom-labels', 'Labels', () => actions.setLabels(this.labels.checked)),
      toggle(this.clip, 'classroom-clip', 'Clip', () => actions.setClipping(this.clip.checked, Number(this.clipAt.value) / 100)),
      this.clipAt,
      toggle(this.follow, 'classroom-follow', "Follow the teacher's view", () => actions.setFollow(this.follow.checked)),
    );
    this.clipAt.type = 'range';
    this.clipAt.min = '0';
    this.clipAt.max = '100';
    this.clipAt.value = '50';
    this.clipAt.id = 'classroom-clip-at';
    this.clipAt.setAttribute('aria-label', 'Clipping plane position (foot to head)');
    this.clipAt.addEventListener('input', () => { if (this.clip.checked) actions.setClipping(true, Number(this.clipAt.value) / 100); });
    this.follow.checked = true;
    this.body.append(this.startButton, this.code, this.status, this.roster, this.controls);
    this.root.append(title, this.body);
    this.controls.hidden = true;
  }

  /** The teacher's view once a session runs: the code to show the class and an End button. */
  showTeacher(code: string, joinUrl: string): void {
    this.running = true;
    this.startButton.textContent = 'End classroom';
    this.code.textContent = code;
    this.code.title = joinUrl;
    this.status.textContent = `Students open ${joinUrl} or type the code.`;
    this.controls.hidden = false;
    (this.follow.parentElement as HTMLElement).style.display = 'none'; // the teacher leads; nothing to follow
  }

  /** Back to the Start button after the session ended. */
  showEnded(): void {
    this.running = false;
    this.startButton.textContent = 'Start classroom';
    this.code.textContent = '';
    this.roster.replaceChildren();
    this.rosterShown = '';
    this.controls.hidden = true;
  }

  /** A student's view: the code joined and who leads. */
  showStudent(code: string, name: string): void {
    this.startButton.hidden = true;
    this.code.textContent = code;
    this.status.textContent = `Joined as ${name}.`;
    this.controls.hidden = false;
  }

  /** Says who has control; `mine` when it is this client. */
  setController(text: string, mine: boolean): void {
    this.status.textContent = text;
    this.root.classList.toggle('in-control', mine);
  }

  /** The teacher's roster with a Give-control (or Take-back) button per student. */
  setRoster(list: ClassroomMember[], controller: number): void {
    const key = JSON.stringify([list, controller]);
    if (key === this.rosterShown) return;
    this.rosterShown = key;
    this.roster.replaceChildren(...list.filter(m => m.role === 'student').map(m => {
      const item = document.createElement('li');
      item.textContent = `${m.name}${m.connected ? '' : ' (away)'}`;
      const give = document.createElement('button');
      give.type = 'button';
      give.dataset.member = String(m.id);
      const has = m.id === controller;
      give.textContent = has ? 'Take back' : 'Give control';
      give.addEventListener('click', () => this.actions.giveControl(has ? 0 : m.id));
      item.append(' ', give);
      return item;
    }));
  }

  /** Mirrors shared state into the controls without firing them. */
  reflect(labels: boolean | null, clipping: boolean | null): void {
    if (labels !== null) this.labels.checked = labels;
    if (clipping !== null) this.clip.checked = clipping;
  }

  /** Mirrors the follow switch (flipped from the headset's panel) without firing it. */
  reflectFollow(follow: boolean): void {
    this.follow.checked = follow;
  }

  /** Shows a problem in the panel. */
  error(message: string): void {
    this.status.textContent = message;
    this.status.classList.add('error');
  }
}

function toggle(box: HTMLInputElement, id: string, text: string, onChange: () => void): HTMLLabelElement {
  const label = document.createElement('label');
  box.type = 'checkbox';
  box.id = id;
  box.addEventListener('change', onChange);
  label.append(box, ` ${text}`);
  return label;
}
