// User settings for the fresh VS Code profiles the runners create (code-server and desktop).

/**
 * "trusted": workspace trust is turned off, so the folder is trusted and nothing prompts.
 * "untrusted": trust stays on with its startup prompt and banner suppressed, so the folder opens in
 * restricted mode (vscode.workspace.isTrusted === false) without a modal blocking the window.
 */
export type WorkspaceTrust = "trusted" | "untrusted";

export function userSettings(trust: WorkspaceTrust, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const trustSettings =
    trust === "trusted"
      ? { "security.workspace.trust.enabled": false }
      : {
          "security.workspace.trust.enabled": true,
          "security.workspace.trust.startupPrompt": "never",
          "security.workspace.trust.banner": "never",
          "security.workspace.trust.emptyWindow": false,
        };
  return {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "chat.disableAIFeatures": true,
    "git.enabled": false,
    ...trustSettings,
    ...extra,
  };
}

/** Arguments both VS Code flavours accept for the same trust mode. */
export const trustArgs = (trust: WorkspaceTrust): string[] => (trust === "trusted" ? ["--disable-workspace-trust"] : []);
