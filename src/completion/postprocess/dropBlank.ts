import type { PostprocessFilter } from "../types";

/** A suggestion that is empty or only whitespace is nothing to show: "", never a blank ghost line. */
export const dropBlank: PostprocessFilter = (suggestion) => (suggestion.trim() === "" ? "" : suggestion);
