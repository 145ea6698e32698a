// Recently viewed code: the files the user looked at before the one being edited, newest first,
// each as an excerpt (the lines that were on screen, bounded). An excerpt is frozen when the file is
// left, not re-read on every keystroke: the prompt's head then stays the same from one request to
// the next and its KV cache is reused.
export interface ViewedFile {
  /** Workspace-relative path, as the prompt names it. */
  path: string;
  content: string;
}

export const MAX_EXCERPT_CHARS = 4000;

export class RecentFiles {
  private readonly files: ViewedFile[] = [];

  constructor(private readonly maxFiles = 3) {}

  /** The user left `path` after viewing `content` (the visible lines): it goes first. */
  viewed(path: string, content: string): void {
    const at = this.files.findIndex((f) => f.path === path);
    if (at >= 0) this.files.splice(at, 1);
    if (content.trim().length === 0) return;
    this.files.unshift({ path, content: content.length > MAX_EXCERPT_CHARS ? content.slice(0, content.lastIndexOf("\n", MAX_EXCERPT_CHARS) + 1 || MAX_EXCERPT_CHARS) : content });
    this.files.length = Math.min(this.files.length, this.maxFiles);
  }

  /** Newest first, without the file being edited. */
  list(except: string): ViewedFile[] {
    return this.files.filter((f) => f.path !== except);
  }
}
