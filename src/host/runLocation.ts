// Where the extension, and so its inference worker and the model, runs. In a remote window (SSH,
// WSL, a dev container, code-server) VS Code runs it on the remote host by default
// (extensionKind ["workspace", "ui"]); a user who wants the model on the laptop next to the editor
// sets "remote.extensionKind": {"local-slm.local-slm": ["ui"]}. A browser has no Node extension
// host, so in code-server and other web editors it runs on the server whichever is chosen.

export interface RunLocationFacts {
  /** vscode.env.remoteName: undefined in a local window; "ssh-remote", "wsl", "dev-container", ... */
  remoteName: string | undefined;
  /** Where this extension host runs, from vscode's Extension.extensionKind. */
  kind: "ui" | "workspace";
  /** The host name of the machine this code runs on (os.hostname()). */
  hostName: string;
}

export interface RunLocation {
  /** Short words for the status bar's tooltip. */
  summary: string;
  /** How to move it, when there is a choice to make. */
  hint?: string;
}

export function describeRunLocation(facts: RunLocationFacts): RunLocation {
  const host = facts.hostName ? ` (${facts.hostName})` : "";
  if (!facts.remoteName) return { summary: `Runs on this machine${host}.` };
  if (facts.kind === "workspace") {
    return {
      summary: `Runs on the remote host${host}, ${facts.remoteName}: the model is loaded there.`,
      hint: `To run it next to the editor instead: "remote.extensionKind": {"local-slm.local-slm": ["ui"]} in your user settings.`,
    };
  }
  return {
    summary: `Runs next to the editor${host}, not on the ${facts.remoteName} host: the model is loaded on this machine.`,
    hint: `To run it on the remote host instead, remove "local-slm.local-slm" from "remote.extensionKind".`,
  };
}
