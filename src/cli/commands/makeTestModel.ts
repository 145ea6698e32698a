import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { writeSyntheticLora } from "../../synthetic/writeSyntheticLora";
import { readGgufMetadata } from "../../synthetic/ggufReader";
import { syntheticDescription, writeSyntheticModel, type SyntheticQuant, type SyntheticShape } from "../../synthetic/writeSyntheticModel";
import { CliError } from "../cliError";
import { intOption, parse } from "../options";
import { printResult } from "../output";

const SHAPES: SyntheticShape[] = ["tiny", "qwen2.5-coder-0.5b", "huge"];
const QUANTS: SyntheticQuant[] = ["f32", "f16", "q8_0", "q4_0"];

export async function makeTestModelCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    shape: { type: "string" },
    quant: { type: "string" },
    out: { type: "string" },
    seed: { type: "string" },
    "no-fim": { type: "boolean", default: false },
    "no-chat-template": { type: "boolean", default: false },
    architecture: { type: "string" },
    "if-missing": { type: "boolean", default: false },
    base: { type: "string" },
    rank: { type: "string" },
    alpha: { type: "string" },
  });
  if (values.shape === "tiny-lora") return makeTestLora(values);
  const shape = values.shape as SyntheticShape;
  if (!SHAPES.includes(shape)) throw new CliError(`--shape must be one of ${SHAPES.join(", ")}, tiny-lora.`);
  const quant = values.quant as SyntheticQuant | undefined;
  if (quant !== undefined && !QUANTS.includes(quant)) throw new CliError(`--quant must be one of ${QUANTS.join(", ")}.`);
  if (!values.out) throw new CliError("make-test-model needs --out PATH.");
  const outPath = resolve(values.out);
  const seed = intOption("seed", values.seed, 1);
  if (values["if-missing"] && existsSync(outPath)) {
    if (await isCurrent(outPath, { shape, quant, seed, fim: !values["no-fim"] })) {
      printResult(values.json, { path: outPath, bytes: statSync(outPath).size, shape, skipped: "exists" });
      return;
    }
    process.stderr.write(`local-slm: ${outPath} was written by an older recipe (tokenizer or weights): writing it again\n`);
  }
  const started = performance.now();
  const written = await writeSyntheticModel({
    shape,
    quant,
    outPath,
    seed,
    fim: !values["no-fim"],
    chatTemplate: !values["no-chat-template"],
    architecture: values.architecture,
  });
  printResult(values.json, { ...written, shape, quant: quant ?? "default", ms: Math.round(performance.now() - started) });
}

/** The existing file's description is the one these options would write (same recipe). */
async function isCurrent(path: string, options: Parameters<typeof syntheticDescription>[0]): Promise<boolean> {
  try {
    const metadata = await readGgufMetadata(path);
    const written = metadata.find(([key]) => key === "general.description")?.[1].value;
    return written === (await syntheticDescription(options));
  } catch {
    return false; // unreadable: write it again
  }
}

/** A LoRA adapter for a synthetic base shape: --shape tiny-lora --base tiny [--rank N] [--alpha A]. */
async function makeTestLora(values: { base?: string; rank?: string; alpha?: string; out?: string; seed?: string; architecture?: string; json: boolean }): Promise<void> {
  const base = (values.base ?? "tiny") as SyntheticShape;
  if (!SHAPES.includes(base) || base === "huge") throw new CliError("--base must be tiny or qwen2.5-coder-0.5b.");
  if (!values.out) throw new CliError("make-test-model needs --out PATH.");
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !Number.isFinite(alpha)) throw new CliError(`--alpha must be a number, got "${values.alpha}".`);
  const written = await writeSyntheticLora({
    base,
    outPath: resolve(values.out),
    rank: intOption("rank", values.rank, 8, 1),
    alpha,
    seed: intOption("seed", values.seed, 1),
    architecture: values.architecture,
  });
  printResult(values.json, { ...written, shape: "tiny-lora", base });
}
