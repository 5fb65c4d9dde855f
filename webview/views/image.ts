// Image: as input, a file upload and/or the camera (one photo, or in a live interface with
// streaming, a frame every streamEvery s); as output, a canvas that draws at most once per animation
// frame (the newest value wins), with no loading state in between: streamed frames never flicker.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { ImageFrame, Wire } from "../../src/protocol/messages";
import { imageFrameProblem, isEncoded, isImageFrame, isYuvFrame, uploadProblem } from "../../src/protocol/media";
import { h } from "../dom";
import { Camera } from "../media/camera";
import { drawRawFrame, fitCanvas } from "../media/draw-frame";
import type { Clip } from "../media/clip";
import { RecordControls } from "../media/recorder";
import { cameraRequest } from "../media/devices";
import { SourcePicker, type LiveDevice } from "../media/source-picker";
import { frame, type View, type ViewContext } from "./view";
import "./media.css";

export function image(ctx: ViewContext<"image">): View {
  return ctx.role === "output" ? imageOutput(ctx) : imageInput(ctx);
}

/** Draws image values on a canvas, once per animation frame; counts what it drew (data-frames). */
class FrameCanvas {
  readonly canvas = h("canvas", { class: "li-image-canvas", width: 0, height: 0 });
  private readonly g = this.canvas.getContext("2d")!;
  private pending: Wire = null;
  private scheduled = false;
  private drawn = 0;
  /** Bumped per value: an encoded image decoding late must not cover a newer one. */
  private generation = 0;

  show(wire: Wire): void {
    this.pending = wire;
    this.generation++;
    if (this.scheduled) return; // the frame already waiting will draw this newer value instead
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      void this.draw(this.pending, this.generation);
    });
  }

  private async draw(wire: Wire, generation: number): Promise<void> {
    if (isImageFrame(wire) || isYuvFrame(wire)) {
      // Streamed video frames arrive as I420 (fewer bytes): the browser converts them as it draws.
      drawRawFrame(this.g, wire);
    } else if (isEncoded(wire)) {
      const bitmap = await createImageBitmap(new Blob([wire.bytes as Uint8Array<ArrayBuffer>], { type: wire.mime }));
      if (generation !== this.generation) return bitmap.close();
      fitCanvas(this.canvas, bitmap.width, bitmap.height);
      this.g.drawImage(bitmap, 0, 0);
      bitmap.close();
    } else {
      fitCanvas(this.canvas, 0, 0);
    }
    this.canvas.dataset.frames = String(++this.drawn);
    this.canvas.classList.toggle("li-empty", this.canvas.width === 0);
  }
}

function imageOutput(ctx: ViewContext<"image">): View {
  const { spec } = ctx;
  const view = new FrameCanvas();
  view.canvas.setAttribute("role", "img");
  view.canvas.setAttribute("aria-label", spec.label);
  const { root } = frame(ctx);
  root.append(h("div", { class: "li-media" }, view.canvas));
  let current: Wire = spec.value;
  view.show(current);
  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => view.show((current = wire)),
  };
}

function imageInput(ctx: ViewContext<"image">): View {
  const { spec, stream, props } = ctx;
  const { sources } = props;
  const view = new FrameCanvas();
  const video = h("video", { class: "li-camera", hidden: true, "aria-hidden": "true" });
  if (props.mirrorPreview) video.classList.add("li-mirrored");
  const { root, label } = frame(ctx);
  const box = h("div", { class: "li-media", role: "group", "aria-labelledby": label.id }, view.canvas, video);
  const controls = h("div", { class: "li-media-controls" });
  root.append(box, controls);

  let current: Wire = spec.value;
  view.show(current);
  const set = (value: ImageFrame) => {
    current = value;
    view.show(value);
    ctx.changed();
  };

  const source = sources.includes("webcam")
    ? new SourcePicker("video", spec.label, ctx.capture && { ...ctx.capture, openPage: stream ? ctx.capture.openPage : undefined }, cameraRequest(props), ctx.memory)
    : undefined;
  let camera: Camera | undefined;
  let clip: Clip | undefined;
  let cameraOpen = false;
  /** Set while streaming: follows the frames of each camera that takes over (a device switch). */
  let follow: ((c: Camera) => void) | undefined;
  // Another camera chosen while this one is open takes over the same <video>: the recording goes on.
  const live: LiveDevice = {
    use: async (next) => {
      live.release();
      const started = await Camera.start(video, next).catch((err: Error) => {
        for (const t of next.getTracks()) t.stop();
        live.lost(`the camera chosen could not be shown (${err.message})`);
        return undefined;
      });
      if (!cameraOpen) return started?.stop();
      camera = started;
      if (started) follow?.(started);
    },
    release: () => {
      camera?.stop();
      camera = undefined;
    },
    lost: (why) => void recorder?.stop("stopped", why),
  };
  const openCamera = async () => {
    const opened = await source!.open(live);
    clip = opened.clip;
    try {
      camera = await Camera.start(video, opened.stream);
    } catch (err) {
      for (const t of opened.stream.getTracks()) t.stop();
      clip?.stop();
      source!.close();
      throw err;
    }
    cameraOpen = true;
    video.hidden = false;
    view.canvas.hidden = true;
  };
  const closeCamera = () => {
    cameraOpen = false;
    source?.close();
    camera?.stop();
    camera = undefined;
    clip?.stop();
    clip = undefined;
    video.hidden = true;
    view.canvas.hidden = false;
  };

  let recorder: RecordControls | undefined;
  if (sources.includes("webcam") && stream) {
    // Streaming: while recording, the camera's frames as they arrive, at most one every `every` s.
    // A frame the connection cannot take now is dropped rather than queued: the next one is newer
    // anyway (latest wins).
    let timer: ReturnType<typeof setInterval> | undefined;
    let sent = 0;
    const native = ctx.capture?.native;
    const interval = stream.every * 1000;
    let grabbing = false;
    /** When the next frame is due; one arriving up to a quarter interval early counts (camera jitter). */
    let nextAt = 0;
    const offer = async () => {
      const now = performance.now();
      if (!camera || grabbing || now < nextAt - interval / 4 || stream.congested()) return;
      nextAt = Math.max(nextAt + interval, now + (interval * 3) / 4);
      grabbing = true;
      try {
        const f = await camera.grab(true);
        if (!camera) return; // stopped meanwhile
        current = f;
        stream.send(f, now);
        root.dataset.framesSent = String(++sent);
      } finally {
        grabbing = false;
      }
    };
    follow = (c) => {
      clearInterval(timer);
      timer = undefined;
      if (!c.onFrame(() => void offer())) timer = setInterval(() => void offer(), interval);
    };
    recorder = new RecordControls(spec.label, stream.timeLimit, {
      start: async () => {
        // Capture source "ffmpeg": the VS Code host records and streams; this page shows the outputs.
        if (native && !source?.usesClip) return native.start((why) => void recorder?.stop("stopped", why));
        await openCamera();
        nextAt = 0;
        follow!(camera!);
      },
      stop: async () => {
        if (native && !camera) return native.stop();
        clearInterval(timer);
        // The last frame stays visible (as RGBA: the canvas cannot draw the I420 frames that were sent).
        current = camera ? await camera.grab().catch(() => null) : null;
        closeCamera();
        view.show(current);
      },
    });
    controls.append(recorder.element);
  } else if (sources.includes("webcam")) {
    const take = document.createElement("vscode-button");
    take.textContent = "Take a photo";
    take.ariaLabel = `Take a photo for ${spec.label}`;
    take.secondary = true;
    const status = h("span", { class: "li-record-status", role: "status" });
    take.addEventListener("click", async () => {
      status.textContent = "";
      try {
        await openCamera();
        set((await camera!.grab()) as ImageFrame);
      } catch (err) {
        // VS Code desktop webviews, for one, are refused the camera: say so rather than do nothing.
        status.textContent = `Camera unavailable: ${(err as Error).message || String(err)}`;
      } finally {
        closeCamera();
      }
    });
    controls.append(take, status);
  }

  if (source) controls.append(source.element);
  if (sources.includes("upload")) {
    const file = h("input", { type: "file", accept: "image/*", class: "li-file", "aria-label": `Upload an image for ${spec.label}` });
    const refused = h("span", { class: "li-upload-status", role: "status" });
    file.addEventListener("change", async () => {
      const f = file.files?.[0];
      refused.textContent = "";
      if (!f) return;
      const frame = await decodeImage(f).catch((err: Error) => err);
      // Checked here, so an oversized picture is refused with a reason instead of closing the connection.
      const problem = frame instanceof Error ? `it could not be read as an image (${frame.message})` : uploadProblem(imageFrameProblem(frame));
      if (problem) return void (refused.textContent = `Not used: ${f.name}: ${problem}`);
      set(frame as ImageFrame);
    });
    controls.append(file, refused);
  }

  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => view.show((current = wire)),
    dispose: () => {
      void recorder?.stop("disposed");
      closeCamera();
      source?.dispose();
    },
  };
}

/** A picture file as raw RGBA pixels. */
async function decodeImage(file: Blob): Promise<ImageFrame> {
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const g = canvas.getContext("2d")!;
  g.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = g.getImageData(0, 0, canvas.width, canvas.height);
  return { width, height, data };
}
