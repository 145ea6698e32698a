/** Why a download did not give a model file: a code for the UI to choose its action, and a one-line message. */
export type DownloadErrorCode =
  | "cancelled" // the user cancelled; the partial file is kept and resumed next time
  | "locked" // another process (window) is downloading the same file
  | "insecure" // not https (nor loopback http)
  | "http" // the server refused (404, 403, ...)
  | "size-mismatch" // the file is not the size the server announced
  | "not-gguf" // what arrived is not a usable GGUF model
  | "checksum" // the SHA-256 differs from the expected one
  | "disk-full"
  | "stalled" // no byte for the stall timeout
  | "failed";

export class DownloadError extends Error {
  constructor(
    readonly code: DownloadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DownloadError";
  }
}
