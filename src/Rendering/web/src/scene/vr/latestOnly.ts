/**
 * Sends requests one at a time and keeps only the newest waiting: a laser moving every frame asks the server about
 * where it points now, not about a backlog of where it was. Every answer is handed on in order, with its input.
 */
export class LatestOnly<I, O> {
  private waiting: { input: I } | null = null;
  private inFlight = false;

  constructor(
    private readonly send: (input: I) => Promise<O>,
    private readonly done: (input: I, output: O | null, error: unknown) => void,
  ) {}

  /** True while a request runs or waits. */
  get busy(): boolean {
    return this.inFlight || this.waiting !== null;
  }

  /** Queues the input, replacing one that has not been sent yet. */
  request(input: I): void {
    this.waiting = { input };
    if (!this.inFlight) void this.loop();
  }

  /** Drops the input not yet sent; an answer in flight still arrives. */
  clear(): void {
    this.waiting = null;
  }

  private async loop(): Promise<void> {
    this.inFlight = true;
    while (this.waiting) {
      const { input } = this.waiting;
      this.waiting = null;
      try {
        this.done(input, await this.send(input), null);
      } catch (e) {
        this.done(input, null, e);
      }
    }
    this.inFlight = false;
  }
}
