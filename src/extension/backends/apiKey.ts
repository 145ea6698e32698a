// The server's API key lives in VS Code's SecretStorage (the OS keychain), never in a settings file
// a workspace or a settings sync could read or change.
import * as vscode from "vscode";

const SECRET = "localSlm.server.apiKey";

export function readApiKey(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(SECRET);
}

export function onApiKeyChange(secrets: vscode.SecretStorage, listener: () => void): vscode.Disposable {
  return secrets.onDidChange((event) => event.key === SECRET && listener());
}

/** "Local SLM: Set Server API Key": an empty answer removes the key. */
export function registerApiKeyCommand(secrets: vscode.SecretStorage): vscode.Disposable {
  return vscode.commands.registerCommand("localSlm.setServerApiKey", async () => {
    const key = await vscode.window.showInputBox({
      title: "Local SLM: server API key",
      prompt: "Sent as \"Authorization: Bearer ...\" to localSlm.server.url only. Stored in the system keychain, not in settings. Leave empty to remove it.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === "") {
      await secrets.delete(SECRET);
      void vscode.window.showInformationMessage("Local SLM: server API key removed.");
    } else {
      await secrets.store(SECRET, key.trim());
      void vscode.window.showInformationMessage("Local SLM: server API key saved.");
    }
  });
}
