import * as vscode from "vscode";

/**
 * Opens the Settings editor on a setting. Machine-scoped settings (the model path) live in the
 * Remote tab of a remote window (code-server, SSH, WSL, containers): the User tab hides them.
 */
export function openSettings(query: string): Thenable<unknown> {
  const command = vscode.env.remoteName ? "workbench.action.openRemoteSettings" : "workbench.action.openSettings";
  return vscode.commands.executeCommand(command, { query });
}
