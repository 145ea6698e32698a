// The part of the engine the text tools use (EngineClient has it), so that they run the same in
// the editor, the CLI and tests.
import type { RequestOptions } from "../protocol/requestOptions";
import type { ChatParams, ClassifyParams, ClassifyResult, GenerateParams, GenerationResult, ModelInfo } from "../protocol/types";

export interface TextEngine {
  ensureModel(): Promise<ModelInfo>;
  chat(params: ChatParams, options?: RequestOptions): Promise<GenerationResult>;
  generate(params: GenerateParams, options?: RequestOptions): Promise<GenerationResult>;
  classify(params: ClassifyParams, options?: RequestOptions): Promise<ClassifyResult>;
  countTokens(texts: string[]): Promise<number[]>;
}
