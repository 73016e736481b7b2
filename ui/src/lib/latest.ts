export type LatestOutcome<T> = { current: true; value: T } | { current: false };

/**
 * Keeps only the answer to the most recent request: a slow response to an old keystroke must not
 * overwrite the list for the new one. Errors of superseded requests are dropped too.
 */
export class Latest {
  private seq = 0;

  async run<T>(request: Promise<T> | (() => Promise<T>)): Promise<LatestOutcome<T>> {
    const ticket = ++this.seq;
    try {
      const value = await (typeof request === "function" ? request() : request);
      return ticket === this.seq ? { current: true, value } : { current: false };
    } catch (e) {
      if (ticket === this.seq) throw e;
      return { current: false };
    }
  }

  /** Makes every request in flight stale (e.g. when the pane they fill is closed). */
  invalidate(): void {
    this.seq++;
  }
}
