import { removeSpecialTokens } from "../../../../src/completion/postprocess/removeSpecialTokens";
import { runGolden } from "./golden";

runGolden("removeSpecialTokens", removeSpecialTokens, [
  { why: "Qwen: cuts at a leaked end-of-text token", before: "const total = ", after: "", raw: "items.length;<|endoftext|>const unused = 1;", expected: "items.length;" },
  {
    why: "Qwen: a file separator starts another file, not code for this spot",
    before: "export function add(a: number, b: number) {\n  ",
    after: "\n}",
    raw: "return a + b;\n}<|file_sep|>src/other.ts\nexport const x = 1;",
    expected: "return a + b;\n}",
  },
  { why: "Qwen: a FIM suffix token echoed after the middle", before: "  return ", after: "\n}", raw: "a + b<|fim_suffix|>}", expected: "a + b" },
  { why: "ChatML: an instruct model ends its turn", before: "x = ", after: "", raw: "x * 2<|im_end|>\n<|im_start|>assistant\nSure!", expected: "x * 2", languageId: "python" },
  { why: "Llama 3: end of turn", before: "let n = ", after: "", raw: "0;<|eot_id|>", expected: "0;" },
  { why: "a suggestion that is only a control token becomes empty", before: "const a = ", after: "", raw: "<|fim_middle|>", expected: "" },
  { why: "CodeLlama: cuts at <EOT>", before: "x = ", after: "", raw: "1 <EOT>", expected: "1 ", languageId: "python" },
  { why: "CodeLlama: the template's <MID> echoed", before: "def f():\n    ", after: "", raw: "return 1 <MID> pass", expected: "return 1 ", languageId: "python" },
  { why: "StarCoder: cuts at <fim_middle>", before: "count += ", after: "", raw: "1<fim_middle>count += 1", expected: "1", languageId: "python" },
  { why: "DeepSeek: cuts at its full-width FIM end token", before: "x = ", after: "", raw: "2<｜fim▁end｜>", expected: "2", languageId: "python" },
  { why: "DeepSeek: end of sentence", before: "int n = ", after: "", raw: "10;<｜end▁of▁sentence｜>", expected: "10;", languageId: "c" },
  { why: "unchanged: comparison operators", before: "if (", after: ")", raw: "a < b && c > d", expected: "a < b && c > d" },
  { why: "unchanged: TypeScript generics", before: "const m = new ", after: "", raw: "Map<string, Array<number>>();", expected: "Map<string, Array<number>>();" },
  { why: "unchanged: HTML tags", before: "<div>", after: "", raw: "<span>hi</span>", expected: "<span>hi</span>", languageId: "html" },
  { why: "unchanged: <PRE> is an HTML element in an HTML document", before: "<body>\n", after: "", raw: "<PRE>x = 1</PRE>", expected: "<PRE>x = 1</PRE>", languageId: "html" },
  { why: "CodeLlama's <PRE> in code is a leaked token", before: "y = ", after: "", raw: "2\n<PRE> def", expected: "2\n", languageId: "python" },
]);
