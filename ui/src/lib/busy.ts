export interface BusyState {
  /** A call has been pending for longer than the delay: show the progress bar. */
  visible: boolean;
  /** Such a call was started by the user (not a background search): disable the actions. */
  blocking: boolean;
}

interface Pending {
  background: boolean;
  shown: boolean;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Tracks calls to the back end and reports the ones still pending after `delay` ms, so quick calls
 * never flash a progress indicator.
 */
export class BusyTracker {
  private pending = new Map<number, Pending>();
  private next = 0;
  private last: BusyState = { visible: false, blocking: false };

  constructor(
    private readonly onChange: (state: BusyState) => void,
    private readonly delay = 500,
  ) {}

  get state(): BusyState {
    return this.last;
  }

  get count(): number {
    return this.pending.size;
  }

  track<T>(promise: Promise<T>, options: { background?: boolean } = {}): Promise<T> {
    const id = this.next++;
    const entry: Pending = {
      background: options.background ?? false,
      shown: false,
      timer: setTimeout(() => {
        entry.shown = true;
        this.emit();
      }, this.delay),
    };
    this.pending.set(id, entry);
    const done = () => {
      clearTimeout(entry.timer);
      this.pending.delete(id);
      this.emit();
    };
    promise.then(done, done);
    return promise;
  }

  private emit(): void {
    const shown = [...this.pending.values()].filter((p) => p.shown);
    const next: BusyState = { visible: shown.length > 0, blocking: shown.some((p) => !p.background) };
    if (next.visible !== this.last.visible || next.blocking !== this.last.blocking) {
      this.last = next;
      this.onChange(next);
    }
  }
}
