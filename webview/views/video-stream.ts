// A streamed Video output (Video with streaming: true): each value is one frame, played at its
// timestamp by a FramePlayer (jitter buffer, no frame dropped for arriving in a burst), with Pause /
// Play, and Save, which downloads what was shown as WebM. A generator's frames are paced: the page
// tells the host how many frames it has room for (allowFrames), so a fast generator waits for it.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { Wire } from "../../src/protocol/messages";
import { VIDEO_WINDOW_FRAMES } from "../../src/protocol/video";
import { h } from "../dom";
import { CanvasRecorder } from "../media/canvas-recorder";
import { FramePlayer, type PlayerState } from "../media/frame-player";
import { frame, type RunInfo, type View, type ViewContext } from "./view";
import "./media.css";

/** While a generator's run lasts, the page repeats what it has room for this often: the host then knows the run is held (paused), not stuck. */
const HEARTBEAT_MS = 1000;

const STATUS: Record<PlayerState, string> = { idle: "Waiting for video", buffering: "Buffering…", playing: "Playing", paused: "Paused", ended: "Ended" };

/** `fps`: the rate of frames that carry no timestamp. */
export function streamedVideo(ctx: ViewContext<"video">, fps: number): View {
  const { spec } = ctx;
  const canvas = h("canvas", { class: "li-image-canvas li-empty", width: 0, height: 0, role: "img", "aria-label": spec.label });
  const { root } = frame(ctx);
  const status = h("span", { class: "li-player-status", role: "status" }, STATUS.idle);
  const pause = button(`Pause ${spec.label}`, "Pause");
  const save = button(`Save ${spec.label} as a video file`, "Save video");
  const box = h("div", { class: "li-player", role: "group", "aria-label": `${spec.label} controls` }, pause, save, status);
  root.append(h("div", { class: "li-media" }, canvas), box);

  const player = new FramePlayer(canvas);
  const recorder = new CanvasRecorder(canvas);
  const cannotRecord = CanvasRecorder.problem();
  save.hidden = cannotRecord !== undefined;
  let run: string | undefined;
  let live = false;
  /** Frames of the current stream received; the next one's number. */
  let received = 0;
  let capturedAt: number | undefined;
  let recording = false;
  let allowed = VIDEO_WINDOW_FRAMES;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let current: Wire = null;

  const tellRoom = () => run !== undefined && !live && ctx.allowFrames?.(run, allowed);
  player.onConsumed = (count) => {
    if (count + VIDEO_WINDOW_FRAMES <= allowed) return;
    allowed = count + VIDEO_WINDOW_FRAMES;
    tellRoom();
  };
  player.onState = (state) => {
    if (state !== "ended" || status.textContent !== "Stopped") status.textContent = STATUS[state];
  };
  player.onDrawn = () => {
    if (recording || cannotRecord) return;
    recording = true;
    recorder.start();
    if (player.isPaused) recorder.pause();
  };
  const newStream = (isLive: boolean) => {
    player.newStream(isLive);
    live = isLive;
    received = 0;
    recording = false;
    allowed = VIDEO_WINDOW_FRAMES;
  };
  const endRun = () => {
    clearInterval(heartbeat);
    heartbeat = undefined;
  };

  pause.addEventListener("click", () => {
    if (player.isPaused) {
      player.play();
      recorder.resume();
    } else {
      player.pause();
      recorder.pause();
    }
    pause.textContent = player.isPaused ? "Play" : "Pause";
    pause.ariaLabel = `${player.isPaused ? "Play" : "Pause"} ${spec.label}`;
  });
  save.addEventListener("click", async () => {
    if (!recorder.hasRecording) return void (status.textContent = "Nothing was shown yet to save");
    const blob = await recorder.save();
    if (blob.size === 0) return void (status.textContent = "Nothing was recorded yet: try again in a second");
    root.dataset.savedBytes = String(blob.size);
    const url = URL.createObjectURL(blob);
    const a = h("a", { href: url, download: `${spec.label.replace(/[^\w.-]+/g, "_") || "video"}.webm`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status.textContent = `Saved ${(blob.size / 1024).toFixed(0)} KiB of WebM${recorder.full ? " (the recording stopped at its size limit)" : ""}`;
  });

  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => {
      current = wire;
      if (wire === null || wire === undefined) return player.clear();
      const own = (wire as { timestamp?: unknown }).timestamp;
      // A camera frame's output is shown at the frame's capture time; a generator's at its timestamp, or spaced by fps.
      const ts = live ? (capturedAt ?? performance.now()) / 1000 : typeof own === "number" ? own : received / fps;
      canvas.dataset.received = String(++received);
      player.push(wire, ts);
    },
    runStarted: (info: RunInfo) => {
      endRun();
      run = info.run;
      capturedAt = info.capturedAt;
      // The runs of a streaming interface (one camera frame each) continue one live video; any other run starts a new one.
      if (!info.stream || !live) newStream(info.stream);
      if (!info.stream && run !== undefined) heartbeat = setInterval(tellRoom, HEARTBEAT_MS);
    },
    runEnded: () => {
      endRun();
      if (!live) player.end();
    },
    stop: () => {
      endRun();
      player.stop();
      status.textContent = "Stopped";
    },
    dispose: () => {
      endRun();
      player.dispose();
      recorder.stop();
    },
  };
}

function button(ariaLabel: string, text: string): HTMLElement {
  const b = document.createElement("vscode-button");
  b.textContent = text;
  b.ariaLabel = ariaLabel;
  b.secondary = true;
  return b;
}
