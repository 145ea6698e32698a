import { homedir } from "node:os";
import { join } from "node:path";

/**
 * "~", "~/x" and (Windows) "~\x" become paths in the user's home folder; anything else is returned
 * as is. One helper for settings, the model folders and the CLI: HOME is not set on Windows.
 */
export function expandHome(path: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/") || path.startsWith("~\\")) return join(home, path.slice(2));
  return path;
}
