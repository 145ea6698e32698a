// Tokens of a next-edit prompt in Sweep's format (src/nextEdit/sweepFormat.ts): each section is
// preceded by the <|file_sep|> control token, put in by id; the sections' text (the user's code)
// is tokenized with special tokens off, so code that contains "<|file_sep|>" stays plain text.
// Generation stops at the next <|file_sep|> (the model starts another file) or end of text.
import { EngineError, EngineErrorCode } from "../protocol/errors";
import { modelFamily, tokenIndex } from "./family/modelFamily";
import type { LlamaModel, Token } from "./nodeLlamaCpp";

const FILE_SEP = "<|file_sep|>";

export function nextEditPrompt(model: LlamaModel, sections: readonly string[]): { tokens: Token[]; stopTokens: ReadonlySet<Token> } {
  const fileSep = tokenIndex(model).get(FILE_SEP);
  if (fileSep === undefined) {
    throw new EngineError(
      EngineErrorCode.NextEditUnsupported,
      `This model has no ${FILE_SEP} token, so it cannot read the next-edit prompt: set localSlm.nextEdit.modelPath to a Sweep next-edit GGUF (sweep-next-edit-0.5B or -1.5B).`,
    );
  }
  if (sections.length === 0) throw new EngineError(EngineErrorCode.Internal, "The next-edit prompt is empty.");
  const tokens: Token[] = [];
  const bos = model.tokens.bos;
  if (model.tokens.shouldPrependBosToken && bos != null) tokens.push(bos);
  for (const section of sections) tokens.push(fileSep, ...model.tokenize(section, false));
  const stopTokens = new Set<Token>([...modelFamily(model).stopTokens, fileSep]);
  const eos = model.tokens.eos;
  if (eos != null) stopTokens.add(eos);
  return { tokens, stopTokens };
}
