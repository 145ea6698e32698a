// Extracts the real tokenizers (llama.cpp's vocab-only GGUFs, from node-llama-cpp's bundled llama.cpp
// source) into .cache/vocabs/, with the family tokens the shipped files lack written in. The tests
// call the same code on first use; run this to prepare a clean clone (CI) in one step.
//   npx tsx scripts/vocabs/extract.ts
import { ensureRealVocab, VOCAB_FAMILIES } from "../../src/synthetic/vocabs/realVocabs";

void (async () => {
  for (const family of VOCAB_FAMILIES) process.stdout.write(`${family}: ${await ensureRealVocab(family)}\n`);
})().catch((error: unknown) => {
  process.stderr.write(`extract vocabularies: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
