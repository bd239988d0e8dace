import { socketUrl } from './api';
import type { GuidanceMessage } from './protocol';

/** Longest silence from the server, in ms, before the client itself declares guidance invalid. */
export const clientStaleMs = 100;

/** What the display shows: the last valid figures, or invalid with a reason. */
export type GuidanceView = { valid: true; message: GuidanceMessage } | { valid: false; reason: string; message: GuidanceMessage | null };

/**
 * The /ws connection. Every server message is checked for shape before use; when the server goes quiet for
 * more than {@link clientStaleMs} (socket dropped, network stalled) the view turns invalid without waiting
 * for the server to say so. Reconnects every second while closed.
 */
export class GuidanceSocket {
  private socket: WebSocket | null = null;
  private lastAt = 0;
  private view: GuidanceView = { valid: false, reason: 'connecting to the server', message: null };
  private readonly watchdog: number;
  private closed = false;
  private pending: GuidanceView | null = null;

  constructor(private readonly onView: (view: GuidanceView) => void) {
    this.connect();
    this.watchdog = window.setInterval(() => {
      if (this.view.valid && performance.now() - this.lastAt > clientStaleMs) {
        this.set({ valid: false, reason: `no guidance from the server for ${clientStaleMs} ms`, message: this.view.message });
      }
    }, 20);
  }

  /** Stops the connection and the watchdog. */
  close(): void {
    this.closed = true;
    window.clearInterval(this.watchdog);
    this.socket?.close();
  }

  private connect(): void {
    const socket = new WebSocket(socketUrl());
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'hello', client: navigator.userAgent.slice(0, 64) }));
    socket.onmessage = event => {
      if (typeof event.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isGuidance(parsed)) return;
      this.lastAt = performance.now();
      this.set(parsed.valid ? { valid: true, message: parsed } : { valid: false, reason: parsed.reason ?? 'invalid', message: parsed });
    };
    socket.onclose = () => {
      this.set({ valid: false, reason: 'connection to the server lost', message: this.view.message });
      if (!this.closed) window.setTimeout(() => this.connect(), 1000);
    };
  }

  private set(view: GuidanceView): void {
    this.view = view;
    // A starved page (busy main thread) can fall behind a 60 Hz stream; valid views are coalesced so only the newest
    // of a backlog is drawn, while an invalid view is shown at once and drops any valid one still pending.
    if (!view.valid) {
      this.pending = null;
      this.onView(view);
      return;
    }
    if (!this.pending) {
      window.setTimeout(() => {
        const latest = this.pending;
        this.pending = null;
        if (latest) this.onView(latest);
      }, 0);
    }
    this.pending = view;
  }
}

function isGuidance(value: unknown): value is GuidanceMessage {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<GuidanceMessage>;
  if (m.type !== 'guidance' || typeof m.valid !== 'boolean' || typeof m.registration !== 'object' || m.registration === null) return false;
  if (!m.valid) return true;
  return [m.tipToTargetMm, m.lateralOffsetMm, m.angleErrorDeg, m.remainingDepthMm].every(v => typeof v === 'number' && Number.isFinite(v));
}
