// What to do when a model does not fit in memory, with numbers: the largest context that would
// fit, else the best-quality quantization of the same model that would, else how big a model would.
// Pure (no node-llama-cpp), so every branch is unit-tested.
import { formatBytes } from "../shared/formatBytes";

export interface FitFacts {
  modelBytes: number;
  contextBytes: number;
  contextSize: number;
  availableBytes: number;
  /** Weights in the model (from its tensor table); 0 when unknown. */
  parameterCount: number;
  /** Context memory at another size, from the same estimator. */
  contextBytesAt?(contextSize: number): number;
}

/** Smaller quantizations, best quality first, with llama.cpp's average bits per weight. */
const QUANTIZATIONS: readonly [name: string, bitsPerWeight: number][] = [
  ["Q8_0", 8.5],
  ["Q6_K", 6.56],
  ["Q5_K_M", 5.7],
  ["Q4_K_M", 4.85],
  ["Q3_K_M", 3.9],
  ["Q2_K", 3.35],
];
const MIN_USEFUL_CONTEXT = 1024;

export function fitAdvice(f: FitFacts): string {
  const fits = (bytes: number) => bytes <= f.availableBytes;

  // 1. The same file with a smaller context (halving down to a useful minimum).
  if (f.contextBytesAt && fits(f.modelBytes)) {
    for (let size = prevPowerOfTwo(f.contextSize); size >= MIN_USEFUL_CONTEXT; size /= 2) {
      const total = f.modelBytes + f.contextBytesAt(size);
      if (fits(total)) return `set localSlm.contextSize to ${size} (about ${formatBytes(total)} in all), or choose a smaller quantization`;
    }
  }

  // 2. The same model in a smaller quantization, at this context size.
  const bits = f.parameterCount > 0 ? (f.modelBytes * 8) / f.parameterCount : 0;
  if (bits > 0) {
    for (const [name, bpw] of QUANTIZATIONS) {
      if (bpw >= bits * 0.95) continue; // not smaller than what it is
      const modelBytes = (f.parameterCount * bpw) / 8;
      if (fits(modelBytes + f.contextBytes)) {
        return `choose a ${name} file of this model (about ${formatBytes(modelBytes)} of weights instead of ${formatBytes(f.modelBytes)}) or lower localSlm.contextSize`;
      }
    }
    // 3. A smaller model: how many parameters fit at Q4_K_M beside this context.
    const room = f.availableBytes - f.contextBytes;
    if (room > 0) {
      const params = (room * 8) / 4.85;
      return `choose a smaller model: this one has ${formatParameters(f.parameterCount)} parameters, about ${formatParameters(params)} at Q4_K_M would fit (or close other programs)`;
    }
  }
  return "choose a smaller model or quantization, lower localSlm.contextSize, or close other programs";
}

function prevPowerOfTwo(n: number): number {
  return 2 ** Math.floor(Math.log2(Math.max(1, n - 1)));
}

export function formatParameters(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(n >= 10e9 ? 0 : 1)}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  return `${Math.round(n / 1e3)}K`;
}
