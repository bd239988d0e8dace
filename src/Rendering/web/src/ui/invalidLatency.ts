import type { GuidanceView } from '../net/guidanceSocket';

/** One invalid guidance message from the server and when the page showed it (both Unix epoch ms, same machine clock). */
export interface InvalidShown {
  seq: number;
  reason: string;
  sentUnixMs: number;
  shownUnixMs: number;
  /** shownUnixMs − sentUnixMs: server publish to the DOM showing INVALID with the numbers hidden, ms. */
  latencyMs: number;
  domInvalid: boolean;
  numbersHidden: boolean;
}

declare global {
  interface Window {
    /** The last invalid guidance messages and how long each took to show (newest last, at most 20). */
    __surgicalnavInvalidShown: InvalidShown[];
  }
}

window.__surgicalnavInvalidShown = [];

/**
 * Call right after the guidance panel showed `view`: for an invalid message from the server (not the client's own
 * staleness timeout), checks the DOM really says INVALID with every figure blanked and records the latency since
 * the server published it. Measured in the page, so test timing noise (polling, process scheduling) stays out.
 */
export function recordServerInvalid(view: GuidanceView): void {
  const m = view.message;
  if (view.valid || !m || m.valid || typeof m.sentUnixMs !== 'number' || m.sentUnixMs <= 0) return;
  const log = window.__surgicalnavInvalidShown;
  if (log.some(r => r.seq === m.seq)) return;
  const state = document.querySelector<HTMLElement>('[data-testid="guidance-state"]')?.textContent ?? '';
  const figures = [...document.querySelectorAll<HTMLElement>('[data-testid^="guidance-"]')]
    .filter(e => !['guidance-state', 'guidance-tre'].includes(e.dataset.testid ?? ''));
  const shownUnixMs = Date.now();
  log.push({
    seq: m.seq, reason: m.reason ?? '', sentUnixMs: m.sentUnixMs, shownUnixMs, latencyMs: shownUnixMs - m.sentUnixMs,
    domInvalid: state.startsWith('INVALID'), numbersHidden: figures.length > 0 && figures.every(e => e.textContent === '—'),
  });
  if (log.length > 20) log.shift();
}
