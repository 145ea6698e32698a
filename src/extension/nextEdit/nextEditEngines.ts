// Next edit runs on the completion engine (on its own third sequence) unless
// localSlm.nextEdit.modelPath names another model (../otherModelEngine.ts).
import type { EngineConfig } from "../../host/engineClient";
import { samePath } from "../otherModelEngine";
import { readNextEditSettings } from "../settings";

/** Does the completion engine serve next edit (so it must allocate the next-edit sequence)? */
export function nextEditOnCompletionModel(config: EngineConfig): boolean {
  const settings = readNextEditSettings();
  return settings.enabled && (!settings.modelPath || samePath(settings.modelPath, config.modelPath));
}
