// One download of a file at a time across processes (two VS Code windows, or a window and the
// CLI): proper-lockfile, already a dependency of node-llama-cpp. It creates "<file>.lock" with
// mkdir (atomic, also on network file systems) and refreshes its mtime while held, so a lock
// whose holder crashed goes stale after STALE_MS whatever happened to its pid; a pid-file lock
// cannot tell a live holder in another container, host or pid namespace from a reused pid.
import lockfile from "proper-lockfile";
import { DownloadError } from "./downloadError";

const STALE_MS = 30_000;
const UPDATE_MS = 5_000;
const WAIT_POLL_MS = 1_000;

export interface DownloadLock {
  /** Throws when the lock was lost (its file removed or taken over while held). */
  assertHeld(): void;
  release(): Promise<void>;
}

export async function lockDownload(target: string, ifLocked: "fail" | "wait", signal?: AbortSignal): Promise<DownloadLock> {
  let compromised: Error | undefined;
  for (;;) {
    try {
      const release = await lockfile.lock(target, {
        realpath: false, // the file does not exist yet
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        // The default handler throws from a timer, which would take the extension host down.
        onCompromised: (error) => (compromised = error),
      });
      return {
        assertHeld: () => {
          if (compromised) throw new DownloadError("locked", `Lost the download lock of ${target} (${compromised.message}); try again.`);
        },
        release: () => release().catch(() => undefined),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (ifLocked === "fail") {
        throw new DownloadError("locked", `${target} is already being downloaded by another window or process; wait for it to finish.`);
      }
      if (signal?.aborted) throw new DownloadError("cancelled", `Stopped waiting for the other download of ${target}.`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }
}
