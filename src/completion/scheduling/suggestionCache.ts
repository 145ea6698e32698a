// Recent suggestions, so that typing the characters a suggestion shows keeps showing the rest of
// it with no model call ("forwarding", as Tabby does), and going back to a spot shows it again.
// Entries expire (Tabby: 5 minutes), and a document's entries go when another document is edited:
// their prompt's related-files context (which holds that other document) is then out of date.
import { createHash } from "node:crypto";
import { LRUCache } from "lru-cache";

/** How much of the prefix identifies a spot (the window's start may move; its end does not). */
const KEY_PREFIX_CHARS = 1500;
/** Typed-ahead states stored per suggestion. */
const FORWARD_CHARS = 64;
export const SUGGESTION_TTL_MS = 5 * 60_000;

export interface CachedSuggestion {
  text: string;
  /** The suggestion's id: typing along it shows the same suggestion, counted once. */
  id: number;
}

interface Entry extends CachedSuggestion {
  documentKey: string;
}

export class SuggestionCache {
  private readonly entries: LRUCache<string, Entry>;
  /** The cache keys of each document's entries, to drop them together. */
  private readonly byDocument = new Map<string, Set<string>>();

  constructor(maxEntries = 2000, ttlMs = SUGGESTION_TTL_MS) {
    this.entries = new LRUCache({
      max: maxEntries,
      ttl: ttlMs,
      dispose: (entry, key) => {
        const keys = this.byDocument.get(entry.documentKey);
        keys?.delete(key);
        if (keys?.size === 0) this.byDocument.delete(entry.documentKey);
      },
    });
  }

  /** Stores a suggestion for this spot and for each state reached by typing its first characters. */
  set(documentKey: string, prefix: string, suffix: string, suggestion: string, id: number): void {
    if (suggestion === "") return;
    const steps = Math.min(suggestion.length - 1, FORWARD_CHARS);
    let keys = this.byDocument.get(documentKey);
    if (!keys) this.byDocument.set(documentKey, (keys = new Set()));
    for (let typed = 0; typed <= steps; typed++) {
      const k = key(documentKey, prefix + suggestion.slice(0, typed), suffix);
      this.entries.set(k, { text: suggestion.slice(typed), id, documentKey });
      keys.add(k);
    }
  }

  get(documentKey: string, prefix: string, suffix: string): CachedSuggestion | undefined {
    const entry = this.entries.get(key(documentKey, prefix, suffix));
    return entry && { text: entry.text, id: entry.id };
  }

  /** A document was edited: suggestions for every other document are out of date. */
  keepOnly(documentKey: string): void {
    for (const other of [...this.byDocument.keys()]) {
      if (other === documentKey) continue;
      for (const k of [...(this.byDocument.get(other) ?? [])]) this.entries.delete(k);
      this.byDocument.delete(other);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.byDocument.clear();
  }
}

/**
 * A digest, not the text: each suggestion stores up to 65 typed-ahead states, and keys of 1,500
 * characters made a full cache of 2,000 entries weigh ~7 MB (the soak showed the heap growing).
 */
function key(documentKey: string, prefix: string, suffix: string): string {
  return createHash("sha1").update(documentKey).update("\u0000").update(prefix.slice(-KEY_PREFIX_CHARS)).update("\u0000").update(suffix).digest("base64");
}
