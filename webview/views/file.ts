// File: as an input, a file chooser (types and multiple from the component) whose files are read in
// the page and sent as bytes; one over the 16 MiB cap is refused here with the reason. As an output,
// a list of downloads (blob: links with the file's name).
import type { Wire } from "../../src/protocol/messages";
import { h } from "../dom";
import { byteSize as size, overCap } from "../media/upload-limit";
import { frame, type View, type ViewContext } from "./view";

interface FileData {
  name: string;
  mime: string;
  bytes: Uint8Array;
}
const isFile = (v: unknown): v is FileData => typeof v === "object" && v !== null && typeof (v as FileData).name === "string" && (v as FileData).bytes instanceof Uint8Array;
const list = (w: Wire): FileData[] => (Array.isArray(w) ? w : [w]).filter(isFile);

export function file(ctx: ViewContext<"file">): View {
  return ctx.role === "output" ? fileOutput(ctx) : fileInput(ctx);
}

function fileOutput(ctx: ViewContext<"file">): View {
  const files = h("ul", { class: "li-files", "aria-label": ctx.spec.label });
  const { root } = frame(ctx);
  root.append(files);
  let current: Wire = [];
  let urls: string[] = [];
  const show = (wire: Wire) => {
    current = wire;
    for (const u of urls) URL.revokeObjectURL(u);
    urls = [];
    files.replaceChildren(
      ...list(wire).map((f) => {
        const url = URL.createObjectURL(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.mime }));
        urls.push(url);
        return h("li", {}, h("a", { href: url, download: f.name, class: "li-download" }, f.name), ` ${size(f.bytes.byteLength)}`);
      }),
    );
  };
  show(ctx.spec.value);
  return { element: root, getValue: () => current, setValue: show, dispose: () => urls.forEach((u) => URL.revokeObjectURL(u)) };
}

function fileInput(ctx: ViewContext<"file">): View {
  const { spec } = ctx;
  const { multiple, fileTypes: types = [] } = ctx.props;
  const input = h("input", { type: "file", class: "li-file", "aria-label": `Upload ${multiple ? "files" : "a file"} for ${spec.label}`, accept: types.join(",") || false, multiple });
  const chosen = h("ul", { class: "li-files" });
  const status = h("span", { class: "li-upload-status", role: "status" });
  const { root } = frame(ctx);
  root.append(input, chosen, status);
  let current: Wire = multiple ? [] : null;
  const show = (wire: Wire) => {
    current = wire;
    chosen.replaceChildren(...list(wire).map((f) => h("li", {}, `${f.name} ${size(f.bytes.byteLength)}`)));
  };
  input.addEventListener("change", async () => {
    status.textContent = "";
    const picked = [...(input.files ?? [])];
    const refused = picked.map((f) => overCap(f.name, f.size, "files")).find(Boolean);
    if (refused) return void (status.textContent = refused);
    const read = await Promise.all(picked.map(async (f) => ({ name: f.name, mime: f.type || "application/octet-stream", bytes: new Uint8Array(await f.arrayBuffer()) })));
    show(multiple ? read : (read[0] ?? null));
    ctx.changed();
  });
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show };
}
