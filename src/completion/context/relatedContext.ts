// Where the user has recently been in other files (edits, views), and the excerpts of them a
// completion in one document gets. The excerpts for a document are computed when it becomes the
// one being completed and then frozen: recomputing them per keystroke would change the head of
// the prompt and throw away the KV cache. Pure: the editor feeds it from VS Code's events, the
// benchmark from its replayed keystrokes, so both send the same context.
import type { RepositoryContext } from "../../protocol/types";
import type { DocumentLines } from "./documentLines";
import { DEFAULT_RELATED, pickRelatedSnippets, type RelatedCandidate, type RelatedSnippet, renderRelatedSnippets } from "./relatedFiles";

const REMEMBERED_DOCUMENTS = 12;

export interface VisitedDocument {
  /** Identifies the document (its URI). */
  key: string;
  /** Shown to the model: a workspace-relative path. */
  path: string;
  doc: DocumentLines;
}

interface Visit extends VisitedDocument {
  focusLine: number;
  lastUsed: number;
}

export class RelatedContext {
  private readonly visits = new Map<string, Visit>();
  private frozen: { key: string; related: string; repository: RepositoryContext } | undefined;
  private clock = 0;

  constructor(private readonly enabled: () => boolean = () => true) {}

  /** The user edited or looked at a line of a document. */
  visit(document: VisitedDocument, focusLine: number): void {
    this.visits.delete(document.key);
    this.visits.set(document.key, { ...document, focusLine, lastUsed: ++this.clock });
    // Oldest first in a Map: drop from the front.
    while (this.visits.size > REMEMBERED_DOCUMENTS) this.visits.delete(this.visits.keys().next().value!);
  }

  forget(key: string): void {
    this.visits.delete(key);
  }

  /** Another document became the active one (or settings changed): excerpts are chosen again. */
  unfreeze(): void {
    this.frozen = undefined;
  }

  /** The rendered excerpts for completions in this document ("" when off or nothing to add). */
  relatedFor(document: { key: string; languageId: string }): string {
    return this.frozenFor(document).related;
  }

  /**
   * The same excerpts with their paths, and the document's own path (when it was visited): for
   * models with repository tokens. Frozen with the comments, so the prompt's head stays the same.
   */
  repositoryFor(document: { key: string; languageId: string }): RepositoryContext {
    return this.frozenFor(document).repository;
  }

  private frozenFor(document: { key: string; languageId: string }): { related: string; repository: RepositoryContext } {
    if (this.frozen?.key !== document.key) {
      const snippets: RelatedSnippet[] = this.enabled() ? pickRelatedSnippets([...this.visits.values()].map(excerptCandidate), document) : [];
      const currentPath = this.visits.get(document.key)?.path;
      this.frozen = {
        key: document.key,
        related: renderRelatedSnippets(snippets, document.languageId),
        repository: { ...(currentPath ? { currentPath } : {}), files: snippets.map(({ path, text }) => ({ path, text })) },
      };
    }
    return this.frozen;
  }
}

/** Only the lines around the focus are read: another file may have 100,000 lines. */
function excerptCandidate({ key, path, doc, focusLine, lastUsed }: Visit): RelatedCandidate {
  const span = DEFAULT_RELATED.linesPerFile;
  const start = Math.max(0, Math.min(focusLine - span, doc.lineCount - 1));
  const end = Math.min(doc.lineCount, focusLine + span);
  const lines: string[] = [];
  for (let line = start; line < end; line++) lines.push(doc.lineAt(line));
  return { key, path, languageId: doc.languageId, lines, focusLine: focusLine - start, lastUsed };
}
