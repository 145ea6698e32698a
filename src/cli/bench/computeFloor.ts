// The compute floor of a completion request: what llama.cpp itself needs for the prompt tokens that
// had to be evaluated (at the same position in the context) plus the tokens generated, measured
// in this process on the same model, with nothing else in the way (no IPC, no scheduling).
import { importNodeLlamaCpp } from "../../engine/nodeLlamaCpp";
import type { Timings } from "../../protocol/types";
import { sampleCode } from "./sampleCode";

/** The floor of each request (every one: the figures compare each shown answer with its own floor). */
export async function measureFloors(modelPath: string, threads: number, requests: Timings[]): Promise<Map<Timings, number>> {
  const nlc = await importNodeLlamaCpp();
  const llama = await nlc.getLlama({ gpu: false, maxThreads: threads, build: "never", logLevel: nlc.LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
  const context = await model.createContext({ contextSize: 4096, sequences: 1, threads });
  const sequence = context.getSequence();
  const filler = model.tokenize(sampleCode(1200)).slice(0, 3800);
  const floors = new Map<Timings, number>();
  for (const t of requests) {
    const evaluated = Math.max(1, t.promptTokensEvaluated);
    await sequence.adaptStateToTokens(filler.slice(0, t.promptTokensReused), false);
    if (sequence.nextTokenIndex < t.promptTokensReused) await sequence.evaluateWithoutGeneratingNewTokens(filler.slice(sequence.nextTokenIndex, t.promptTokensReused));
    const started = performance.now();
    const body = filler.slice(t.promptTokensReused, t.promptTokensReused + evaluated);
    if (body.length > 1) await sequence.evaluateWithoutGeneratingNewTokens(body.slice(0, -1));
    const generator = sequence.evaluate(body.slice(-1), { temperature: 0 });
    for (let g = 0; g < Math.max(1, t.generatedTokens); g++) await generator.next();
    floors.set(t, performance.now() - started);
    await generator.return();
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return floors;
}
