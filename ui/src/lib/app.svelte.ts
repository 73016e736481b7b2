// Application-wide state: the current view, progress, toasts, errors, confirmations, and the guard
// that keeps unsaved edits from being lost.
import { api, errorMessage, type AppInfo } from "./api";
import { BusyTracker, type BusyState } from "./busy";

export type View = "annuaire" | "donnees" | "enquete" | "rgpd" | "dossiers";

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
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
}

interface ConfirmRequest extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

type Handler = () => void;

export type Outcome<T> = { ok: true; value: T } | { ok: false };

class AppState {
  view = $state<View>("annuaire");
  info = $state.raw<AppInfo | null>(null);
  busy = $state<BusyState>({ visible: false, blocking: false });
  toasts = $state<Toast[]>([]);
  errors = $state<ErrorNotice[]>([]);
  confirmation = $state.raw<ConfirmRequest | null>(null);
  /** Forms with unsaved changes, by a key each form picks. */
  dirty = $state<Record<string, boolean>>({});

  private tracker = new BusyTracker((s) => (this.busy = s), 500);
  private nextId = 1;
  private timers = new Map<number, ReturnType<typeof setTimeout>>();
  private escapeLayers: Handler[] = [];
  private saveLayers: Handler[] = [];

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

  async loadInfo(): Promise<void> {
    const r = await this.attempt(api.appInfo());
    if (r.ok) this.info = r.value;
  }

  // Toasts

  toast(message: string, options: { action?: ToastAction; duration?: number } = {}): number {
    const id = this.nextId++;
    const duration = options.duration ?? (options.action ? 8000 : 5000);
    this.toasts = [...this.toasts.slice(-2), { id, message, action: options.action }];
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

  setDirty(key: string, dirty: boolean): void {
    if ((this.dirty[key] ?? false) === dirty) return;
    if (dirty) this.dirty[key] = true;
    else delete this.dirty[key];
  }

  get hasUnsavedChanges(): boolean {
    return Object.keys(this.dirty).length > 0;
  }

  /** Asks before leaving unsaved changes; true when there are none or the user discards them. */
  async confirmDiscard(): Promise<boolean> {
    if (!this.hasUnsavedChanges) return true;
    const ok = await this.confirm({
      title: "Abandonner les modifications ?",
      message: "Des modifications n'ont pas été enregistrées. Si vous continuez, elles seront perdues.",
      confirmLabel: "Abandonner les modifications",
      cancelLabel: "Continuer la saisie",
      danger: true,
    });
    if (ok) this.dirty = {};
    return ok;
  }

  // Keyboard layers: the most recently opened pane, menu or form answers Escape and Ctrl/Cmd+S.

  onEscape(handler: Handler): () => void {
    return this.push(this.escapeLayers, handler);
  }

  onSave(handler: Handler): () => void {
    return this.push(this.saveLayers, handler);
  }

  escape(): boolean {
    const top = this.escapeLayers.at(-1);
    top?.();
    return top !== undefined;
  }

  save(): boolean {
    const top = this.saveLayers.at(-1);
    top?.();
    return top !== undefined;
  }

  private push(layers: Handler[], handler: Handler): () => void {
    layers.push(handler);
    return () => {
      const i = layers.lastIndexOf(handler);
      if (i >= 0) layers.splice(i, 1);
    };
  }
}

export const app = new AppState();
