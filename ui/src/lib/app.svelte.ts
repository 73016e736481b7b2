// Application-wide state: the current view, progress, toasts, errors, confirmations, and the guard
// that keeps unsaved edits from being lost.
import { api, errorMessage, type ApiError, type AppInfo } from "./api";
import { BusyTracker, type BusyState } from "./busy";

export type View = "directory" | "privacy" | "survey" | "rgpd" | "dossiers" | "partners" | "publications" | "activity";

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
  /** Ctrl/Cmd+Z runs it too (undo). */
  undo?: boolean;
}

export interface Toast {
  id: number;
  message: string;
  action?: ToastAction;
}

export interface ErrorNotice {
  id: number;
  message: string;
}

export interface ConfirmOptions {
  title: string;
  message: string;
  /** A list shown under the message (what a destructive action will remove, for example). */
  details?: string[];
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
}

interface ConfirmRequest extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

type Handler = () => void;

interface Layer {
  handler: Handler;
  /** Only while this view is shown (forms of the directory stay mounted when another view is open). */
  view?: View;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false };

class AppState {
  view = $state<View>("directory");
  info = $state.raw<AppInfo | null>(null);
  /** The base stopped answering: since when the screens have not been read anew. */
  offline = $state.raw<{ freshAt: Date } | null>(null);
  busy = $state<BusyState>({ visible: false, blocking: false });
  toasts = $state<Toast[]>([]);
  errors = $state<ErrorNotice[]>([]);
  confirmation = $state.raw<ConfirmRequest | null>(null);
  /** Forms with unsaved changes, by a key each form picks. */
  dirty = $state<Record<string, boolean>>({});
  /** Dirty forms whose content autosave keeps, with the function that writes it now. */
  private autosaves = new Map<string, () => Promise<void>>();
  /** Saves refused because the base did not answer, to make again once it does. */
  private retries = new Set<() => void>();

  private tracker = new BusyTracker((s) => (this.busy = s), 500);
  private nextId = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();
  private escapeLayers: Layer[] = [];
  private saveLayers: Layer[] = [];
  // Ctrl/Cmd+F and Ctrl/Cmd+N act on the screen in view: each screen registers what they do there.
  private findLayers: Layer[] = [];
  private newLayers: Layer[] = [];

  /**
   * Makes `retry` the next time the base answers after not answering (the team base's server
   * restarted, the network back): for a save refused with `server_unreachable`. Returns what
   * cancels it (the form closed meanwhile).
   */
  whenBaseIsBack(retry: () => void): () => void {
    this.retries.add(retry);
    return () => this.retries.delete(retry);
  }

  /** The base answers again, and the screens have been read anew: the refused saves are made. */
  baseIsBack(): void {
    this.offline = null;
    const waiting = [...this.retries];
    this.retries.clear();
    waiting.forEach((retry) => retry());
  }

  /** Tracks a back-end call for the progress bar. Background calls (searches) do not disable actions. */
  call<T>(promise: Promise<T>, options: { background?: boolean } = {}): Promise<T> {
    return this.tracker.track(promise, options);
  }

  /** Runs a call and shows its error in the banner: `ok` says whether it succeeded. */
  async attempt<T>(promise: Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await this.call(promise) };
    } catch (e) {
      this.error(e);
      return { ok: false };
    }
  }

  /** Why the database could not be opened, if it could not: the directory then offers a way out. */
  get unavailable(): ApiError | null {
    return this.info?.problem ?? null;
  }

  async loadInfo(): Promise<void> {
    const r = await this.attempt(api.appInfo());
    if (r.ok) this.info = r.value;
  }

  // Toasts

  toast(message: string, options: { action?: ToastAction; duration?: number } = {}): number {
    const id = this.nextId++;
    const duration = options.duration ?? (options.action ? 8000 : 5000);
    // At most three at once; an undo offer outlives plain messages.
    const kept = [...this.toasts];
    while (kept.length >= 3) {
      const i = kept.findIndex((t) => !t.action);
      kept.splice(i >= 0 ? i : 0, 1);
    }
    this.toasts = [...kept, { id, message, action: options.action }];
    this.timers.set(
      id,
      setTimeout(() => this.dismissToast(id), duration),
    );
    return id;
  }

  dismissToast(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  async runToastAction(toast: Toast): Promise<void> {
    this.dismissToast(toast.id);
    await toast.action?.run();
  }

  /** The most recent toast offering an undo, for Ctrl/Cmd+Z. */
  undoableToast(): Toast | undefined {
    return [...this.toasts].reverse().find((t) => t.action?.undo);
  }

  // Errors

  error(e: unknown): void {
    const message = errorMessage(e);
    console.error(e);
    if (this.errors.some((x) => x.message === message)) return;
    this.errors = [...this.errors, { id: this.nextId++, message }];
  }

  dismissError(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id);
  }

  // Confirmations

  confirm(options: ConfirmOptions): Promise<boolean> {
    // A second request while one is open answers "no" to the first: one question at a time.
    this.confirmation?.resolve(false);
    return new Promise((resolve) => {
      this.confirmation = {
        ...options,
        resolve: (ok) => {
          this.confirmation = null;
          resolve(ok);
        },
      };
    });
  }

  // Unsaved changes

  setDirty(key: string, dirty: boolean, autosaved?: () => Promise<void>): void {
    if (dirty && autosaved) this.autosaves.set(key, autosaved);
    else this.autosaves.delete(key);
    if ((this.dirty[key] ?? false) === dirty) return;
    if (dirty) this.dirty[key] = true;
    else delete this.dirty[key];
  }

  get hasUnsavedChanges(): boolean {
    return Object.keys(this.dirty).length > 0;
  }

  /** Every form with unsaved changes keeps them by autosave: quitting loses nothing. */
  get onlyAutosavedChanges(): boolean {
    return Object.keys(this.dirty).every((key) => this.autosaves.has(key));
  }

  /** The window is about to start again (another base): nothing is left to ask about. */
  forgetUnsavedChanges(): void {
    this.dirty = {};
    this.autosaves.clear();
  }

  /** Writes the autosaves still waiting for their delay. */
  async flushAutosaves(): Promise<void> {
    await Promise.all([...this.autosaves.values()].map((flush) => flush()));
  }

  /** Asks before leaving unsaved changes; true when there are none or the user discards them. */
  async confirmDiscard(): Promise<boolean> {
    if (!this.hasUnsavedChanges) return true;
    const ok = await this.askDiscard();
    if (ok) this.dirty = {};
    return ok;
  }

  /** The question itself, for a form that knows it has unsaved changes. */
  askDiscard(): Promise<boolean> {
    return this.confirm({
      title: "Abandonner les modifications ?",
      message: "Des modifications n'ont pas été enregistrées. Si vous continuez, elles seront perdues.",
      confirmLabel: "Abandonner les modifications",
      cancelLabel: "Continuer la saisie",
      danger: true,
    });
  }

  // Keyboard layers: the most recently opened pane, menu or form answers Escape and Ctrl/Cmd+S.

  onEscape(handler: Handler, view?: View): () => void {
    return this.push(this.escapeLayers, { handler, view });
  }

  onSave(handler: Handler, view?: View): () => void {
    return this.push(this.saveLayers, { handler, view });
  }

  /** What Ctrl/Cmd+F does on `view`: focus that screen's search. */
  onFind(handler: Handler, view: View): () => void {
    return this.push(this.findLayers, { handler, view });
  }

  /** What Ctrl/Cmd+N does on `view`: start a new record of what that screen lists. */
  onNew(handler: Handler, view: View): () => void {
    return this.push(this.newLayers, { handler, view });
  }

  /** The current screen's search; false when it has none. */
  find(): boolean {
    return this.runTop(this.findLayers);
  }

  /** The current screen's « Nouveau »; false when it creates nothing. */
  create(): boolean {
    return this.runTop(this.newLayers);
  }

  /** Runs the topmost Escape handler for the current view; false when none answered. */
  escape(): boolean {
    return this.runTop(this.escapeLayers);
  }

  save(): boolean {
    return this.runTop(this.saveLayers);
  }

  private runTop(layers: Layer[]): boolean {
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer.view === undefined || layer.view === this.view) {
        layer.handler();
        return true;
      }
    }
    return false;
  }

  private push(layers: Layer[], layer: Layer): () => void {
    layers.push(layer);
    return () => {
      const i = layers.lastIndexOf(layer);
      if (i >= 0) layers.splice(i, 1);
    };
  }
}

export const app = new AppState();
