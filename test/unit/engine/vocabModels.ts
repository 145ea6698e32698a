// Vocab-only models on the real tokenizers (llama.cpp's vocab GGUFs, see src/synthetic/vocabs), loaded
// once per test process.
import { importNodeLlamaCpp, type LlamaModel } from "../../../src/engine/nodeLlamaCpp";
import { ensureRealVocab, type VocabFamily } from "../../../src/synthetic/vocabs/realVocabs";

const models = new Map<VocabFamily, Promise<LlamaModel>>();

export function vocabModel(family: VocabFamily): Promise<LlamaModel> {
  let model = models.get(family);
  if (!model) {
    model = (async () => {
      const nlc = await importNodeLlamaCpp();
      const llama = await nlc.getLlama({ gpu: false, logLevel: nlc.LlamaLogLevel.error });
      return llama.loadModel({ modelPath: await ensureRealVocab(family), vocabOnly: true });
    })();
    models.set(family, model);
  }
  return model;
}
