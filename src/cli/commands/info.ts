import { parse } from "../options";
import { withEngine } from "../engineSession";
import { printResult } from "../output";

export async function infoCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {});
  const info = await withEngine(values, (engine) => engine.ensureModel());
  printResult(values.json, { ...info });
}
