/** Binary, not text: NUL bytes in the first 8 KB (as git and grep decide). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8192).includes(0);
}
