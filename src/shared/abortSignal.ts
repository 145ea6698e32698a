// Turns a cancellation token (vscode-jsonrpc's or VS Code's) into an AbortSignal.
//
// Why not just `token.onCancellationRequested(() => abort.abort())`: vscode-jsonrpc hands a request
// whose cancel arrived while it was still queued the frozen `CancellationToken.Cancelled`, whose
// onCancellationRequested is `Event.None` and never fires. The request then ran to the end (a
// clean-clone CI run found it: a classification aborted at once was answered instead of
// cancelled). So an already-cancelled token aborts the signal here and now.

/** The part of a cancellation token this needs; both vscode-jsonrpc's and VS Code's fit. */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface TokenSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

export function abortSignalFor(token: CancellationTokenLike): TokenSignal {
  const abort = new AbortController();
  if (token.isCancellationRequested) {
    abort.abort();
    return { signal: abort.signal, dispose: () => undefined };
  }
  const subscription = token.onCancellationRequested(() => abort.abort());
  return { signal: abort.signal, dispose: () => void subscription.dispose() };
}
