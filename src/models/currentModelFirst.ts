// The model in use goes first in any list of models (Select Model, `local-slm models`), marked,
// even when it sits in no folder that was searched: a list that says "0 models found" while a
// model is loaded misleads.
import { realpath, stat } from "node:fs/promises";
import type { FoundModel } from "./discoverModels";

export const CURRENT_SOURCE = "in use";

/**
 * `models` with the current model first (found in the list by its real path, or added), and
 * whether it is the first entry now. A current path that is no file is left out: the caller's
 * error for a missing model says so better than a list entry.
 */
export async function currentModelFirst(models: readonly FoundModel[], currentPath: string | undefined): Promise<{ models: FoundModel[]; current: FoundModel | undefined }> {
  if (!currentPath) return { models: [...models], current: undefined };
  let real: string;
  let sizeBytes: number;
  try {
    real = await realpath(currentPath);
    const info = await stat(real);
    if (!info.isFile()) return { models: [...models], current: undefined };
    sizeBytes = info.size;
  } catch {
    return { models: [...models], current: undefined };
  }
  const index = models.findIndex((m) => m.realPath === real || m.path === currentPath);
  const current = index >= 0 ? models[index]! : { path: currentPath, realPath: real, sizeBytes, source: CURRENT_SOURCE };
  return { models: [current, ...models.filter((_, i) => i !== index)], current };
}
