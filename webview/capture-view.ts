// The capture page: only the streaming inputs of an interface whose UI is open elsewhere. What they
// record streams into that UI's session (the host routes this page's socket there).
import { isStreamingInput } from "../src/protocol/components";
import { streamTiming, type ComponentSpec, type InterfaceConfig } from "../src/protocol/messages";
import { h } from "./dom";
import { inputMemory, type Memory } from "./memory";
import type { Transport } from "./transport";
import { createView, type View } from "./views";
import "./interface-layout.css";
import "./styles/notices.css";

export class CaptureView {
  readonly element: HTMLElement;
  private readonly views: View[];

  /** `memory`: where inputs remember the device chosen (shared with the interface's own page where they share a site). */
  constructor(config: InterfaceConfig, transport: Transport, memory?: Memory) {
    const streaming = config.inputs.map((spec, index) => ({ spec, index })).filter(({ spec }) => config.live && isStreamingInput(spec));
    this.views = streaming.flatMap(({ spec, index }) => {
      const view = createView({ spec, role: "input", changed: () => {}, stream: streamTo(config, spec, index, transport), memory: memory && inputMemory(memory, config, index) });
      return view ? [view] : [];
    });
    const title = config.title ?? "the interface";
    this.element = h(
      "div",
      { class: "li-interface li-capture-page" },
      h(
        "header",
        { class: "li-header" },
        h("h1", { class: "li-title" }, `Capture for ${title}`),
        h("p", { class: "li-description" }, "What you record here streams into the interface open in the other page; its outputs show there."),
      ),
      this.views.length
        ? h("div", { class: "li-panel" }, ...this.views.map((v) => v.element))
        : h("p", { class: "li-hint" }, "This interface has no streaming inputs."),
    );
  }

  dispose(): void {
    for (const v of this.views) v.dispose?.();
  }
}

function streamTo(config: InterfaceConfig, spec: ComponentSpec, index: number, transport: Transport) {
  return {
    ...streamTiming(config, spec),
    send: (value: unknown) => transport.send({ type: "stream", index, value }),
    congested: () => transport.congested(),
    end: () => transport.send({ type: "stream-end", index }),
  };
}
