// Live: what another desktop (on the team base) or a command line changes appears here within two
// seconds, without a reload. The window asks the base every two seconds whether it changed (one
// light query) and, when it did, reads again what is on screen.
//
// The same question tells when the base stops answering (the team base's server down, the network
// cut): the window says so at once, with the time its screens were last known fresh, and says it
// again when the base answers, reading everything anew.
import { api } from "./api";

export const LIVE_INTERVAL_MS = 2000;

export interface Reachability {
  /** The base stopped answering; `freshAt` is when it last answered (what the screens show dates from then). */
  lost(freshAt: Date): void;
  /** It answers again (the screens have just been read anew). */
  back(): void;
}

/**
 * Starts watching; `reread` runs after each change seen. The first look is taken at once: start
 * watching before reading the screens the first time, so a change made in between is not missed.
 * Returns what stops it.
 */
export function watchChanges(
  reread: () => Promise<void>,
  interval = LIVE_INTERVAL_MS,
  reachability?: Reachability,
): () => void {
  let last: string | null = null;
  let running = false;
  let freshAt = new Date();
  let lost = false;
  const look = () => {
    // Asked even while the window is hidden or minimised (one light query): what it shows when it
    // comes back is then already fresh, and some systems report a visible window as hidden.
    if (running) return;
    running = true;
    void (async () => {
      try {
        const token = await api.changeToken();
        if (lost) {
          lost = false;
          await reread();
          reachability?.back();
        } else if (last !== null && token !== last) {
          await reread();
        }
        last = token;
        freshAt = new Date();
      } catch {
        // The screens keep what they show; the next ask tries again. Errors of real actions are
        // reported where they happen.
        if (!lost) {
          lost = true;
          reachability?.lost(freshAt);
        }
      } finally {
        running = false;
      }
    })();
  };
  look();
  const timer = setInterval(look, interval);
  return () => clearInterval(timer);
}
