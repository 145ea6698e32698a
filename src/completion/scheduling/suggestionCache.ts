// Recent suggestions, so that typing the characters a suggestion shows keeps showing the rest of
// it with no model call ("forwarding", as Tabby does), and going back to a spot shows it again.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";

/** How much of the prefix identifies a spot (the window's start may move; its end does not). */
const KEY_PREFIX_CHARS = 1500;
/** Typed-ahead states stored per suggestion. */
const FORWARD_CHARS = 64;

export class SuggestionCache {
  private readonly entries: LRUCache<string, string>;

  constructor(maxEntries = 2000) {
    this.entries = new LRUCache({ max: maxEntries });
  }

  /** Stores a suggestion for this spot and for each state reached by typing its first characters. */
  set(documentKey: string, prefix: string, suffix: string, suggestion: string): void {
    if (suggestion === "") return;
    const steps = Math.min(suggestion.length - 1, FORWARD_CHARS);
    for (let typed = 0; typed <= steps; typed++) {
      this.entries.set(key(documentKey, prefix + suggestion.slice(0, typed), suffix), suggestion.slice(typed));
    }
  }

  get(documentKey: string, prefix: string, suffix: string): string | undefined {
    return this.entries.get(key(documentKey, prefix, suffix));
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * A digest, not the text: each suggestion stores up to 65 typed-ahead states, and keys of 1,500
 * characters made a full cache of 2,000 entries weigh ~7 MB (the soak showed the heap growing).
 */
function key(documentKey: string, prefix: string, suffix: string): string {
  return createHash("sha1").update(documentKey).update("\u0000").update(prefix.slice(-KEY_PREFIX_CHARS)).update("\u0000").update(suffix).digest("base64");
}
