// The written letter saved as it is typed: a short pause after the last change, one save at a
// time, against the version the editor holds. A save someone else's crossed is not written
// over: the editor keeps my text and offers to keep mine or take theirs.
import { errorMessage, isApiError } from "../../lib/api";
import { app } from "../../lib/app.svelte";
import type { Letter, Newsletter } from "../../lib/bindings";
import { debounce } from "../../lib/debounce";
import { lettreApi } from "./api";
import { savable } from "./letterEdit";

export type SaveState = "saved" | "waiting" | "saving" | "refused" | "conflict";

export class LetterSaver {
  state = $state<SaveState>("saved");
  /** Why the last save was refused, in French. */
  message = $state("");
  private version: number;
  private pending: Promise<void> = Promise.resolve();
  private readonly key: string;
  private queue = debounce(() => this.saveNow(), 700);

  constructor(
    private readonly id: number,
    /** `AAAA-MM`. */
    private readonly month: string,
    version: number,
    private readonly current: () => Letter,
    private readonly onsaved: (saved: Newsletter) => void,
  ) {
    this.version = version;
    this.key = `lettre-${id}`;
  }

  /** Call after every change of the letter. */
  changed(): void {
    if (this.state === "conflict") return;
    this.state = "waiting";
    app.setDirty(this.key, true, () => this.flush());
    this.queue();
  }

  /** Saves now what waits for the pause, and waits for it. */
  async flush(): Promise<void> {
    this.queue.flush();
    await this.pending;
  }

  /** Mine kept: saved again over the version stored now. */
  async keepMine(): Promise<void> {
    const r = await app.attempt(lettreApi.month(...this.yearMonth()));
    if (!r.ok || !r.value.written) return;
    this.version = r.value.written.version;
    this.state = "waiting";
    this.saveNow();
    await this.pending;
  }

  /** The editor is closing or taking theirs: nothing of mine waits any more. */
  forget(): void {
    this.queue.cancel();
    app.setDirty(this.key, false);
  }

  private yearMonth(): [number, number] {
    const [y, m] = this.month.split("-").map(Number);
    return [y, m];
  }

  private saveNow(): void {
    this.pending = this.pending.then(async () => {
      this.state = "saving";
      try {
        const saved = await lettreApi.save(this.id, savable(this.current()), this.version);
        this.version = saved.version;
        // A change typed during the save is saved by the pause it started.
        if (!this.queue.pending()) {
          this.state = "saved";
          app.setDirty(this.key, false);
        } else {
          this.state = "waiting";
        }
        this.message = "";
        this.onsaved(saved);
      } catch (e) {
        this.state = isApiError(e) && e.code === "conflict" ? "conflict" : "refused";
        this.message = errorMessage(e);
      }
    });
  }
}
