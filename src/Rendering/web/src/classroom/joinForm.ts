import { ClassroomError, join } from './classroomApi';
import type { ClassroomJoined } from './classroomProtocol';

/**
 * The students' way in: a dialog over the page asking for the teacher's code (pre-filled from ?join=CODE)
 * and a name. It resolves once the server accepted the code; a wrong or expired code keeps the dialog open
 * and says so.
 */
export function askToJoin(prefill: string): Promise<ClassroomJoined> {
  const dialog = document.createElement('div');
  dialog.className = 'join-dialog';
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-label', 'Join a classroom');
  const form = document.createElement('form');
  const title = document.createElement('h2');
  title.textContent = 'Join a classroom';
  const code = document.createElement('input');
  code.id = 'join-code';
  code.placeholder = 'Code, e.g. K7QX3M';
  code.autocomplete = 'off';
  code.maxLength = 12;
  code.value = prefill;
  code.setAttribute('aria-label', 'Classroom code');
  const name = document.createElement('input');
  name.id = 'join-name';
  name.placeholder = 'Your name (optional)';
  name.maxLength = 32;
  name.setAttribute('aria-label', 'Your name');
  const button = document.createElement('button');
  button.type = 'submit';
  button.className = 'primary';
  button.id = 'join-submit';
  button.textContent = 'Join';
  const message = document.createElement('p');
  message.className = 'join-message';
  message.dataset.testid = 'join-message';
  form.append(title, code, name, button, message);
  dialog.appendChild(form);
  document.body.appendChild(dialog);

  return new Promise(resolve => {
    const attempt = async (): Promise<void> => {
      button.disabled = true;
      message.textContent = 'Joining…';
      try {
        const joined = await join(code.value, name.value);
        dialog.remove();
        resolve(joined);
      } catch (e) {
        message.textContent = e instanceof ClassroomError && e.status === 401 ? `Not admitted: ${e.message}`
          : e instanceof ClassroomError && e.status === 429 ? `Too many wrong codes: ${e.message}` : String(e);
        button.disabled = false;
      }
    };
    form.addEventListener('submit', e => { e.preventDefault(); void attempt(); });
    if (prefill) void attempt();
  });
}
