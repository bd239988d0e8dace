import type { Plan } from '../net/protocol';

/** Formats millimetres to one decimal, the precision the plan is shown at. */
export function formatMm(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} mm` : '—';
}

/**
 * Summarises the chosen (first) trajectory: its length, the clearance to each structure at risk against
 * the required clearance, and any warning the planner gave.
 */
export function renderPlanSummary(panel: HTMLElement, plan: Plan | null | undefined): void {
  panel.replaceChildren();
  const best = plan?.trajectories[0];
  if (!plan || !best) {
    panel.appendChild(paragraph('muted', plan ? 'The plan has no trajectory.' : 'This case has no plan yet.'));
    return;
  }
  const heading = document.createElement('div');
  heading.className = 'plan-title';
  heading.textContent = `${best.name} → ${best.target}`;
  panel.appendChild(heading);

  const table = document.createElement('dl');
  table.className = 'plan-values';
  addRow(table, 'Length', formatMm(best.lengthMm), 'plan-length');
  for (const [structure, clearance] of Object.entries(best.minClearanceMm)) {
    const required = plan.requiredClearanceMm[structure];
    const ok = required === undefined || clearance >= required;
    const value = addRow(table, `Clearance to ${structure}`, formatMm(clearance), `plan-clearance-${structure}`);
    if (required !== undefined) value.title = `required ≥ ${formatMm(required)}`;
    value.classList.toggle('bad', !ok);
  }
  addRow(table, 'Margin', formatMm(plan.marginMm), 'plan-margin');
  panel.appendChild(table);

  const status = paragraph(best.meetsClearance ? 'status ok' : 'status bad',
    best.meetsClearance ? 'Meets the required clearances' : 'Does not meet the required clearances');
  status.dataset.testid = 'plan-status';
  panel.appendChild(status);
  if (best.warning) panel.appendChild(paragraph('warning', best.warning));
  if (plan.trajectories.length > 1) {
    const others = plan.trajectories.length - 1;
    panel.appendChild(paragraph('muted note', `${others} alternative ${others === 1 ? 'trajectory' : 'trajectories'} not shown.`));
  }
}

function addRow(table: HTMLElement, term: string, value: string, testId: string): HTMLElement {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dd.dataset.testid = testId;
  table.append(dt, dd);
  return dd;
}

function paragraph(className: string, text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
