import type { PostprocessFilter } from "../types";

// Control tokens of common FIM and chat formats that leak as text (usually an instruct model used
// for completion): what follows one is not code for this spot, so the suggestion ends there.
const SPECIAL = /<\|(?:fim_prefix|fim_suffix|fim_middle|fim_pad|endoftext|file_sep|repo_name|im_start|im_end|eot_id|end_of_text)\|>|<(?:PRE|SUF|MID|EOT)>|<(?:fim_prefix|fim_suffix|fim_middle|fim-prefix|fim-suffix|fim-middle|file_sep)>|<｜fim▁(?:begin|hole|end)｜>|<\|code_(?:prefix|suffix|middle)\|>|<\/s>/;

export const removeSpecialTokens: PostprocessFilter = (suggestion) => {
  const match = SPECIAL.exec(suggestion);
  return match ? suggestion.slice(0, match.index) : suggestion;
};
