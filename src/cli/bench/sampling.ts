// How the completion and peer benchmarks sample. The benchmark model (src/synthetic/codeStatisticsModel.ts) encodes
// token statistics of code; greedy decoding of such statistics falls into loops ("0" -> "0" -> ...),
// so every strategy samples at temperature 1 with a seed fixed by the request's own text: the same
// prompt always gives the same completion (as greedy decoding would, which the caches rely on), and
// a run is repeatable. Every strategy gets the same rule; the policies are what differs.
import { createHash } from "node:crypto";
import type { InfillEngine } from "../../completion/completionPipeline";

export const BENCH_TEMPERATURE = 1;

export function benchSampling(requestText: string): { temperature: number; seed: number } {
  return { temperature: BENCH_TEMPERATURE, seed: createHash("sha256").update(requestText).digest().readUInt32LE(0) };
}

/** Our engine with the benchmark's sampling (the pipeline asks for temperature 0, as the editor does). */
export function sampledEngine(engine: InfillEngine): InfillEngine {
  return { infill: (params, options) => engine.infill({ ...params, ...benchSampling(`${params.prefix}\u0000${params.suffix}`) }, options) };
}
