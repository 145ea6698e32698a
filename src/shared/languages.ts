// One table of language facts (VS Code language ids) used everywhere: which line comment a
// language has (for repository context, comment detection and the bracket scanner), its file
// extensions (for the CLI and benchmarks), whether it is markup in which `<TAG>` or a code fence is
// content. Three hand-kept lists had drifted apart before (12, 15 and 15 languages with `#`).

export interface LanguageFacts {
  /** The line comment we trust for this language; undefined when it has none (JSON, Markdown, HTML). */
  lineComment?: "//" | "#" | "--" | "%" | ";;" | ";";
  /** File extensions, lower case, with the dot. */
  extensions?: readonly string[];
  /** Markup where `<PRE>`-like tags are content. */
  markup?: boolean;
  /** Documents in which a Markdown code fence is content. */
  fenced?: boolean;
}

const slashes = (extensions: string[] = [], extra: Partial<LanguageFacts> = {}): LanguageFacts => ({ lineComment: "//", extensions, ...extra });
const hash = (extensions: string[] = []): LanguageFacts => ({ lineComment: "#", extensions });
const dashes = (extensions: string[] = []): LanguageFacts => ({ lineComment: "--", extensions });

export const LANGUAGES: Readonly<Record<string, LanguageFacts>> = {
  typescript: slashes([".ts", ".mts", ".cts"]),
  typescriptreact: slashes([".tsx"]),
  javascript: slashes([".js", ".mjs", ".cjs"]),
  javascriptreact: slashes([".jsx"]),
  java: slashes([".java"]),
  kotlin: slashes([".kt", ".kts"]),
  c: slashes([".c", ".h"]),
  cpp: slashes([".cpp", ".cc", ".cxx", ".hpp", ".hh"]),
  csharp: slashes([".cs"]),
  "objective-c": slashes([".m"]),
  "objective-cpp": slashes([".mm"]),
  go: slashes([".go"]),
  rust: slashes([".rs"]),
  swift: slashes([".swift"]),
  php: slashes([".php"], { markup: true }),
  scala: slashes([".scala"]),
  dart: slashes([".dart"]),
  groovy: slashes([".groovy", ".gradle"]),
  fsharp: slashes([".fs", ".fsx"]),
  zig: slashes([".zig"]),
  vue: slashes([".vue"], { markup: true }),
  svelte: slashes([".svelte"], { markup: true }),
  scss: slashes([".scss"]),
  less: slashes([".less"]),
  jsonc: slashes([".jsonc"]),
  proto: slashes([".proto"]),
  solidity: slashes([".sol"]),
  python: hash([".py", ".pyi"]),
  shellscript: hash([".sh", ".bash", ".zsh"]),
  ruby: hash([".rb"]),
  perl: hash([".pl", ".pm"]),
  r: hash([".r"]),
  yaml: hash([".yaml", ".yml"]),
  toml: hash([".toml"]),
  dockerfile: hash([".dockerfile"]),
  makefile: hash([".mk"]),
  cmake: hash([".cmake"]),
  powershell: hash([".ps1"]),
  coffeescript: hash([".coffee"]),
  julia: hash([".jl"]),
  elixir: hash([".ex", ".exs"]),
  nim: hash([".nim"]),
  dotenv: hash([".env"]),
  sql: dashes([".sql"]),
  lua: dashes([".lua"]),
  haskell: dashes([".hs"]),
  elm: dashes([".elm"]),
  ada: dashes([".adb", ".ads"]),
  latex: { lineComment: "%", extensions: [".tex"] },
  tex: { lineComment: "%" },
  erlang: { lineComment: "%", extensions: [".erl"] },
  matlab: { lineComment: "%" },
  clojure: { lineComment: ";;", extensions: [".clj"] },
  lisp: { lineComment: ";;", extensions: [".lisp"] },
  scheme: { lineComment: ";;", extensions: [".scm"] },
  ini: { lineComment: ";", extensions: [".ini"] },
  html: { markup: true, extensions: [".html", ".htm"] },
  xml: { markup: true, extensions: [".xml"] },
  xsl: { markup: true },
  svg: { markup: true, extensions: [".svg"] },
  astro: { markup: true },
  handlebars: { markup: true },
  razor: { markup: true },
  markdown: { markup: true, fenced: true, extensions: [".md"] },
  mdx: { fenced: true, extensions: [".mdx"] },
  quarto: { fenced: true },
  rmd: { fenced: true },
  json: { extensions: [".json"] },
  css: { extensions: [".css"] },
  plaintext: { extensions: [".txt"] },
};

export function languageFacts(languageId: string): LanguageFacts {
  return LANGUAGES[languageId] ?? {};
}

/** The language's line comment, or undefined when it has none we trust. */
export function lineCommentOf(languageId: string): LanguageFacts["lineComment"] {
  return languageFacts(languageId).lineComment;
}

const BY_EXTENSION = new Map(Object.entries(LANGUAGES).flatMap(([id, facts]) => (facts.extensions ?? []).map((ext) => [ext, id] as const)));

/** The VS Code language id for a file name, for the CLI and benchmarks (the editor knows its own). */
export function languageIdForPath(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1).toLowerCase();
  if (name === "dockerfile") return "dockerfile";
  if (name === "makefile" || name === "gnumakefile") return "makefile";
  if (name === "cmakelists.txt") return "cmake";
  const dot = name.lastIndexOf(".");
  return (dot >= 0 && BY_EXTENSION.get(name.slice(dot))) || "plaintext";
}
