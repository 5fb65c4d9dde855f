// The notebook renderer of inline interfaces (application/vnd.live-interface+json): each output gets
// the same App as a panel, in a shadow root of its own (its styles touch nothing else in the
// notebook, and two outputs stay apart). It links to the extension host (notebook/inline-interfaces.ts)
// as a panel does (host-link.ts): over a direct channel (a WebSocket) where the notebook's page may
// open one, else over renderer messaging with base64 frames. An output whose kernel is gone says so.
// The base styles first (notebook.css: see scripts/build.mjs).
import "./styles/theme.css";
import "./styles/page.css";
import type { FromRenderer, InterfaceOutput, ToRenderer } from "../src/protocol/messages";
import { encodeFrame } from "../src/protocol/framing";
import { decodeMessages } from "../src/protocol/outbox";
import { App } from "./app";
import { assetUrl, setAssetBase } from "./asset-url";
import { h } from "./dom";
import { HostLink } from "./host-link";
import { keepSelectAllInFields } from "./select-all";
import { holdsBinary, type UserValue } from "./user-values";
import "./notebook-renderer.css";

/** What VS Code hands a renderer (vscode-notebook-renderer's API, the part used here). */
interface OutputItem {
  readonly id: string;
  json(): unknown;
}
interface RendererContext {
  postMessage?(message: unknown): void;
  onDidReceiveMessage?(listener: (message: unknown) => void): { dispose(): void };
}

export function activate(ctx: RendererContext) {
  // @ts-expect-error TS1343: this file is built as an ES module (esbuild); the type check is CommonJS.
  setAssetBase(import.meta.url);
  keepSelectAllInFields();
  const outputs = new Map<string, InlineOutput>();
  // What the user set on each output, kept while VS Code draws it again (scrolled away and back, the
  // notebook's outputs re-rendered): its new session gets those values (user-values.ts).
  const kept = new Map<string, UserValue[]>();
  const keep = (id: string, values: UserValue[] | undefined) => {
    const small = values?.filter((v) => !holdsBinary(v.value));
    if (small?.length) kept.set(id, small);
  };
  ctx.onDidReceiveMessage?.((message) => {
    const msg = message as ToRenderer;
    if (msg && typeof msg.output === "string") outputs.get(msg.output)?.receive(msg);
  });
  return {
    renderOutputItem(item: OutputItem, element: HTMLElement) {
      const earlier = outputs.get(item.id);
      if (earlier) keep(item.id, earlier.dispose());
      outputs.set(item.id, new InlineOutput(item.id, item.json() as InterfaceOutput, element, ctx, kept.get(item.id)));
    },
    disposeOutputItem(id?: string) {
      for (const [key, output] of outputs) {
        if (id !== undefined && key !== id) continue;
        keep(key, output.dispose());
        outputs.delete(key);
      }
    },
  };
}

class InlineOutput {
  /** In the notebook's own DOM: says what this output is and how it is connected (data-link, data-live). */
  private readonly host: HTMLElement;
  private readonly root: HTMLElement;
  private link: HostLink | undefined;
  private app: App | undefined;

  /** `kept`: what the user set on an earlier rendering of this output. */
  constructor(private readonly id: string, data: InterfaceOutput, element: HTMLElement, private readonly ctx: RendererContext, private readonly kept?: UserValue[]) {
    this.host = h("div", { class: "li-notebook-output", "data-title": data.title ?? "", "data-live": "connecting" });
    const shadow = this.host.attachShadow({ mode: "open" });
    this.root = h("div", { id: "app" }, h("p", { class: "li-loading" }, "Connecting…"));
    shadow.append(h("link", { rel: "stylesheet", href: assetUrl("notebook.css") }), this.root);
    element.replaceChildren(this.host);
    if (!ctx.postMessage || !data?.kernel) {
      this.stale("this view of the notebook cannot reach the Live Interface extension");
      return;
    }
    const link = (this.link = new HostLink(
      {
        askChannel: (origin) => this.post({ type: "open", output: id, kernel: data.kernel, iface: data.iface, origin }),
        // Renderer messaging carries text intact: our binary frames (framing.ts) as base64.
        send: (msg) => this.post({ type: "data", output: id, frame: toBase64(encodeFrame(msg)) }),
      },
      () => ({ type: "ready" }),
      (way) => {
        this.host.dataset.link = way;
        this.host.dataset.live = "true";
        // The App once, on the first way settled on; a later fallback keeps it (the link switches under it).
        this.app ??= new App(this.root, link, { transport: "vscode", surface: "notebook" }, this.kept);
      },
      true,
    ));
  }

  receive(msg: ToRenderer): void {
    if (msg.type === "stale") return this.stale(msg.reason);
    if (msg.type === "data") for (const m of decodeMessages(fromBase64(msg.frame))) this.link?.receive(m);
    if (msg.type === "channel") this.link?.channel(msg.url);
  }

  /** Ends this rendering; gives what the user set on it. */
  dispose(): UserValue[] | undefined {
    this.link?.close();
    this.post({ type: "close", output: this.id });
    return this.app?.userValues() ?? this.kept;
  }

  private post(msg: FromRenderer): void {
    this.ctx.postMessage?.(msg);
  }

  private stale(reason: string): void {
    this.link?.close();
    this.host.dataset.live = "false";
    const notice = h(
      "section",
      { class: "li-stale", role: "status" },
      h("strong", {}, "This interface is no longer live"),
      h("p", {}, `The notebook's kernel that showed it is gone: ${reason}.`),
      h("p", { class: "li-hint" }, "Run the cell again (kernel: Live Interface (TypeScript)) to use it."),
    );
    // What the user set stays in sight (to copy, or to set again once the cell ran), but inert.
    const shown = this.root.querySelector<HTMLElement>(".li-interface");
    if (shown) {
      shown.inert = true;
      this.root.replaceChildren(notice, shown);
    } else this.root.replaceChildren(notice);
  }
}

function toBase64(bytes: Uint8Array): string {
  let text = "";
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
