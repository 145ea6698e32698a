import { extname } from "node:path";

/** VS Code language ids by file extension, for the CLI and benchmarks (the editor knows its own). */
const BY_EXTENSION: Record<string, string> = {
  ".ts": "typescript", ".tsx": "typescriptreact", ".js": "javascript", ".jsx": "javascriptreact", ".mjs": "javascript", ".cjs": "javascript",
  ".py": "python", ".go": "go", ".rs": "rust", ".java": "java", ".kt": "kotlin", ".c": "c", ".h": "c", ".cpp": "cpp", ".cc": "cpp", ".hpp": "cpp",
  ".cs": "csharp", ".rb": "ruby", ".php": "php", ".swift": "swift", ".sh": "shellscript", ".bash": "shellscript", ".lua": "lua", ".sql": "sql",
  ".md": "markdown", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".html": "html", ".css": "css", ".scss": "scss", ".txt": "plaintext",
};

export function languageIdForPath(path: string): string {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? "plaintext";
}
