import type { LlamaModel, Token } from "./nodeLlamaCpp";

/**
 * Turns generated tokens into text as they arrive. Detokenizing the whole list each time is
 * simple and correct for SentencePiece spaces and for characters split across byte tokens; a
 * trailing U+FFFD means an incomplete UTF-8 sequence, which is held back until it completes.
 */
export class TokenText {
  private readonly tokens: Token[] = [];
  text = "";

  /**
   * @param context the prompt's last text tokens: without them a SentencePiece vocabulary with
   *   add_space_prefix drops the first token's leading space ("=" + "▁value" shown as "value").
   */
  constructor(
    private readonly model: LlamaModel,
    private readonly context: readonly Token[] = [],
  ) {}

  get count(): number {
    return this.tokens.length;
  }

  push(token: Token): void {
    this.tokens.push(token);
    this.text = this.model.detokenize(this.tokens, false, this.context);
  }

  /** Length of the text that is final (no incomplete multi-byte character at its end). */
  get stableLength(): number {
    return this.text.endsWith("\uFFFD") ? this.text.length - 1 : this.text.length;
  }
}
