// Video: a player for a video file. As an input, an upload (16 MiB at most, refused here beyond)
// shown in the player; as an output, what fn returned, from a blob: URL (the CSP allows media-src blob:).
// A streamed output (streaming: true) is a player of frames instead: video-stream.ts.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { Wire } from "../../src/protocol/messages";
import { isEncoded } from "../../src/protocol/media";
import { h } from "../dom";
import { overCap } from "../media/upload-limit";
import { frame, type View, type ViewContext } from "./view";
import { streamedVideo } from "./video-stream";
import "./media.css";
import "./video.css";

export function video(ctx: ViewContext<"video">): View {
  const { spec, role, props } = ctx;
  if (role === "output" && props.streaming) return streamedVideo(ctx, props.fps);
  const player = h("video", { class: "li-video", controls: true, "aria-label": spec.label, loop: props.loop });
  if (role === "output" && props.autoplay) {
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
    const { sources } = props;
    const status = h("span", { class: "li-upload-status", role: "status" });
    const controls = h("div", { class: "li-media-controls" });
    const use = (mime: string, bytes: Uint8Array, name: string) => {
      const refused = overCap(name, bytes.byteLength, "videos");
      if (refused) return void (status.textContent = refused);
      show({ mime, bytes } as unknown as Wire);
      ctx.changed();
    };
    if (sources.includes("webcam")) {
      // A recording from the camera (MediaRecorder, WebM), kept when the user stops it.
      let recording: { recorder: MediaRecorder; stream: MediaStream } | undefined;
      const record = document.createElement("vscode-button");
      record.textContent = "Record a video";
      record.ariaLabel = `Record a video for ${spec.label}`;
      record.secondary = true;
      record.addEventListener("click", async () => {
        status.textContent = "";
        if (recording) return recording.recorder.stop();
        let stream: MediaStream;
        try {
          stream = await navigator.mediaDevices.getUserMedia({ video: true });
        } catch (err) {
          return void (status.textContent = `Camera unavailable: ${(err as Error).message || String(err)}. You can upload a video instead.`);
        }
        const recorder = new MediaRecorder(stream, { mimeType: "video/webm" });
        const parts: Blob[] = [];
        recorder.ondataavailable = (e) => parts.push(e.data);
        recorder.onstop = async () => {
          for (const t of stream.getTracks()) t.stop();
          recording = undefined;
          record.textContent = "Record a video";
          const blob = new Blob(parts, { type: "video/webm" });
          use("video/webm", new Uint8Array(await blob.arrayBuffer()), "the recording");
        };
        recording = { recorder, stream };
        recorder.start();
        record.textContent = "Stop and use the recording";
        status.textContent = "Recording…";
      });
      controls.append(record);
    }
    if (sources.includes("upload")) {
      const input = h("input", { type: "file", accept: "video/*", class: "li-file", "aria-label": `Upload a video for ${spec.label}` });
      input.addEventListener("change", async () => {
        status.textContent = "";
        const f = input.files?.[0];
        if (!f) return;
        const refused = overCap(f.name, f.size, "videos");
        if (refused) return void (status.textContent = refused);
        use(f.type || "video/mp4", new Uint8Array(await f.arrayBuffer()), f.name);
      });
      controls.append(input);
    }
    controls.append(status);
    root.append(controls);
  }
  show(spec.value);
  return { element: root, getValue: () => current, setValue: show, dispose: () => url && URL.revokeObjectURL(url) };
}
