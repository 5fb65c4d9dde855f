// Video: a player for a video file. As an input, an upload (16 MiB at most, refused here beyond)
// shown in the player; as an output, what fn returned, from a blob: URL (the CSP allows media-src blob:).
import { MAX_MEDIA_BYTES, type Wire } from "../../src/protocol/messages";
import { isEncoded } from "../../src/protocol/media";
import { h } from "../dom";
import { frame, type View, type ViewContext } from "./view";

export function video(ctx: ViewContext): View {
  const { spec, role } = ctx;
  const player = h("video", { class: "li-video", controls: true, "aria-label": spec.label, loop: spec.props.loop === true });
  if (role === "output" && spec.props.autoplay === true) {
    player.muted = true; // browsers autoplay only muted video
    player.autoplay = true;
  }
  const { root } = frame(ctx);
  root.append(player);
  let current: Wire = null;
  let url: string | undefined;
  const show = (wire: Wire) => {
    current = wire;
    if (url) URL.revokeObjectURL(url);
    url = isEncoded(wire) ? URL.createObjectURL(new Blob([wire.bytes as Uint8Array<ArrayBuffer>], { type: wire.mime })) : undefined;
    if (url) player.src = url;
    else player.removeAttribute("src");
    player.hidden = !url && role === "output";
  };
  if (role === "input") {
    const input = h("input", { type: "file", accept: "video/*", class: "li-file", "aria-label": `Upload a video for ${spec.label}` });
    const status = h("span", { class: "li-upload-status", role: "status" });
    input.addEventListener("change", async () => {
      status.textContent = "";
      const f = input.files?.[0];
      if (!f) return;
      if (f.size > MAX_MEDIA_BYTES) return void (status.textContent = `Not used: ${f.name} is ${(f.size / 2 ** 20).toFixed(1)} MiB; videos may be at most ${MAX_MEDIA_BYTES / 2 ** 20} MiB.`);
      show({ mime: f.type || "video/mp4", bytes: new Uint8Array(await f.arrayBuffer()) } as unknown as Wire);
      ctx.changed();
    });
    root.append(h("div", { class: "li-media-controls" }, input, status));
  }
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show, dispose: () => url && URL.revokeObjectURL(url) };
}
