// Small things the page remembers for the user across reloads (the camera or microphone chosen for an
// input). Browser mode: localStorage. A VS Code webview: its own state (getState/setState), which
// VS Code keeps with the panel (transport.ts).
import type { InterfaceConfig } from "../src/protocol/messages";

export interface Memory {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/** localStorage under "live-interface:"; where the page may not use it (a sandboxed frame), this page's lifetime only. */
export function localMemory(): Memory {
  const kept = new Map<string, string>();
  const prefix = "live-interface:";
  return {
    get: (key) => {
      try {
        return localStorage.getItem(prefix + key) ?? kept.get(key);
      } catch {
        return kept.get(key);
      }
    },
    set: (key, value) => {
      kept.set(key, value);
      try {
        localStorage.setItem(prefix + key, value);
      } catch {
        // Storage refused or full: remembered while the page lives.
      }
    },
  };
}

/** `memory` with every key under `scope`. */
export const scoped = (memory: Memory, scope: string): Memory => ({
  get: (key) => memory.get(`${scope}/${key}`),
  set: (key, value) => memory.set(`${scope}/${key}`, value),
});

/**
 * What input `index` of `config` remembers under: the interface (its title) and the input (position,
 * kind and label), so the interface's page and its capture page share it, and another interface or a
 * changed input does not inherit it.
 */
export function inputMemory(memory: Memory, config: InterfaceConfig, index: number): Memory {
  const spec = config.inputs[index]!;
  return scoped(memory, `${config.title ?? ""}#${index}:${spec.type}:${spec.label}`);
}
