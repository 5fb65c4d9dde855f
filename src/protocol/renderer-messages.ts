// The notebook renderer's messages with the extension host (renderer messaging).
import type { ClientMessage } from "./messages";

// notebook renderer (webview/notebook-renderer.ts) <-> extension host (notebook/inline-interfaces.ts),
// by renderer messaging; `output` names the output item. The session's own messages go over a direct
// channel (a WebSocket, as a panel's) or, where that cannot open, here as base64 frames (`data`).

/** What an inline interface output holds (saved with the notebook): the kernel generation that showed it, and which interface. */
export interface InterfaceOutput {
  kernel: string;
  iface: string;
  title?: string;
}

export type FromRenderer =
  /** An inline interface output is shown: connect it to interface `iface` of kernel `kernel`. */
  | { type: "open"; output: string; kernel: string; iface: string; origin: string }
  /** A message of the session (ClientMessage, "ready" among them) as a base64 frame, where there is no direct channel. */
  | { type: "data"; output: string; frame: string }
  | { type: "close"; output: string };

export type ToRenderer =
  /** Where the output's direct channel is; no `url`: none (use renderer messaging). */
  | { type: "channel"; output: string; url?: string }
  /** The kernel that showed this interface is gone (restarted, or the window reloaded). */
  | { type: "stale"; output: string; reason: string }
  | { type: "data"; output: string; frame: string };
