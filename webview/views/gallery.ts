// Gallery: pictures in a grid (the component's columns), each with its caption. Raw frames are drawn
// on a canvas, encoded pictures shown from blob: URLs (the CSP allows img-src blob:).
import type { Wire } from "../../src/protocol/messages";
import { isEncoded, isImageFrame } from "../../src/protocol/media";
import { h } from "../dom";
import { frame, type View, type ViewContext } from "./view";
import "./gallery.css";

interface Item {
  image: Wire;
  caption: string | null;
}
const items = (w: Wire): Item[] => (Array.isArray(w) ? (w as unknown as Item[]).filter((i) => typeof i === "object" && i !== null && "image" in i) : []);

export function gallery(ctx: ViewContext<"gallery">): View {
  const { spec } = ctx;
  const grid = h("ul", { class: "li-gallery-grid", "aria-label": spec.label });
  grid.style.gridTemplateColumns = `repeat(${ctx.props.columns}, minmax(0, 1fr))`;
  const { root } = frame(ctx);
  root.append(grid);
  let current: Wire = [];
  let urls: string[] = [];

  const picture = (image: Wire, alt: string): HTMLElement => {
    if (isImageFrame(image)) {
      const canvas = h("canvas", { width: image.width, height: image.height, role: "img", "aria-label": alt });
      const data = new Uint8ClampedArray(image.data.buffer as ArrayBuffer, image.data.byteOffset, image.data.length);
      canvas.getContext("2d")!.putImageData(new ImageData(data, image.width, image.height), 0, 0);
      return canvas;
    }
    if (isEncoded(image)) {
      const url = URL.createObjectURL(new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime }));
      urls.push(url);
      return h("img", { src: url, alt });
    }
    return h("span", { class: "li-empty" }, "?");
  };

  const show = (wire: Wire) => {
    current = wire;
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    grid.replaceChildren(
      ...items(wire).map(({ image, caption }, i) =>
        h("li", {}, h("figure", {}, picture(image, caption ?? `picture ${i + 1}`), caption !== null && h("figcaption", {}, caption))),
      ),
    );
  };
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show, dispose: () => urls.forEach((u) => URL.revokeObjectURL(u)) };
}
