// Live: what another desktop (on the team base) or a command line changes appears here within two
// seconds, without a reload. The window asks the base every two seconds whether it changed (one
// light query) and, when it did, reads again what is on screen.
import { api } from "./api";

export const LIVE_INTERVAL_MS = 2000;

/**
 * Starts watching; `reread` runs after each change seen. The first look is taken at once: start
 * watching before reading the screens the first time, so a change made in between is not missed.
 * Returns what stops it.
 */
export function watchChanges(reread: () => Promise<void>, interval = LIVE_INTERVAL_MS): () => void {
  let last: string | null = null;
  let running = false;
  const look = () => {
    // Asked even while the window is hidden or minimised (one light query): what it shows when it
    // comes back is then already fresh, and some systems report a visible window as hidden.
    if (running) return;
    running = true;
    void (async () => {
      try {
        const token = await api.changeToken();
        if (last !== null && token !== last) await reread();
        last = token;
      } catch {
        // The base cannot be reached right now: the screens keep what they show, and the next
        // ask tries again. Errors of real actions are reported where they happen.
      } finally {
        running = false;
      }
    })();
  };
  look();
  const timer = setInterval(look, interval);
  return () => clearInterval(timer);
}
