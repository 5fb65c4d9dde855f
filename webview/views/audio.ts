// Audio: as input, a file upload and/or the microphone (one recording, or in a live interface with
// streaming, the samples since the last chunk every streamEvery s); as output, an <audio> element, or
// with streaming: true a worklet player that queues each yielded chunk for gapless playback.
import "@vscode-elements/elements/dist/vscode-button/index.js";
import type { AudioChunk, TurnState, Wire } from "../../src/protocol/messages";
import { audioChunkProblem, isAudioChunk, isEncoded, uploadProblem } from "../../src/protocol/media";
import { h } from "../dom";
import { MicCapture } from "../media/mic";
import { StreamPlayer } from "../media/player";
import type { Clip } from "../media/clip";
import { RecordControls } from "../media/recorder";
import { microphoneRequest } from "../media/devices";
import { SourcePicker, type LiveDevice } from "../media/source-picker";
import { decodeAudioFile, wavBlob } from "../media/wav";
import { frame, type View, type ViewContext } from "./view";
import "./media.css";
import "./audio.css";

export function audio(ctx: ViewContext<"audio">): View {
  if (ctx.role === "input") return audioInput(ctx);
  return ctx.props.streaming ? streamedOutput(ctx) : audioOutput(ctx);
}

/** An <audio> element showing a whole value (a chunk as WAV, or encoded bytes as they are). */
class AudioElement {
  readonly element = h("audio", { controls: true, class: "li-audio" });
  private url: string | undefined;
  show(wire: Wire, autoplay = false): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
    const blob = isAudioChunk(wire) && wire.data.length > 0 ? wavBlob(wire) : isEncoded(wire) ? new Blob([wire.bytes as Uint8Array<ArrayBuffer>], { type: wire.mime }) : undefined;
    if (blob) this.element.src = this.url = URL.createObjectURL(blob);
    else this.element.removeAttribute("src");
    if (blob && autoplay) void this.element.play().catch(() => {});
  }
}

function audioOutput(ctx: ViewContext<"audio">): View {
  const { spec } = ctx;
  const player = new AudioElement();
  player.element.setAttribute("aria-label", spec.label);
  const { root } = frame(ctx);
  root.append(player.element);
  let current: Wire = spec.value;
  player.show(current);
  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => player.show((current = wire), ctx.props.autoplay),
    stop: () => player.element.pause(),
  };
}

function streamedOutput(ctx: ViewContext<"audio">): View {
  const { spec } = ctx;
  const { root, label } = frame(ctx);
  const status = h("span", { class: "li-player-status", role: "status" }, "Waiting for audio");
  const { autoplay } = ctx.props;
  const enable = document.createElement("vscode-button");
  // Without autoplay the stream waits for Play; with it, only a browser's autoplay policy can pause it.
  enable.textContent = autoplay ? "Enable sound" : "Play";
  enable.ariaLabel = `${autoplay ? "Enable sound of" : "Play"} ${spec.label}`;
  enable.hidden = true;
  const box = h("div", { class: "li-player", role: "group", "aria-labelledby": label.id, "data-played": 0, "data-underruns": 0 }, status, enable);
  root.append(box);
  const player = new StreamPlayer(autoplay);
  // The browser may refuse to play before the user interacted: one click on the page allows it.
  enable.addEventListener("click", () => player.resume());
  player.onSuspended = (suspended) => {
    enable.hidden = !suspended;
    if (suspended) status.textContent = autoplay ? "Sound is paused by the browser until you click" : "Press Play to listen";
  };
  player.onStats = (s) => {
    box.dataset.played = String(s.played);
    box.dataset.underruns = String(s.underruns);
    box.dataset.starvedFrames = String(s.starvedFrames);
    box.dataset.queuedMs = String(Math.round((s.queuedFrames / s.sampleRate) * 1000));
    if (s.queuedFrames > 0) status.textContent = "Playing";
  };
  player.onFirstSound = (ms) => (box.dataset.firstSoundMs = ms.toFixed(1));
  player.prepare();
  let received = 0;
  let current: Wire = null;
  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => {
      current = wire;
      if (!isAudioChunk(wire)) return player.flush(); // null: cleared
      player.push(wire.sampleRate, wire.channels, wire.data);
      box.dataset.received = String((received += wire.data.length / wire.channels));
      player.ready?.catch((err: Error) => (status.textContent = `Cannot play: ${err.message}`));
    },
    stop: () => {
      player.flush();
      status.textContent = "Stopped";
    },
    runStarted: () => player.newStream(),
    runEnded: () => player.end(),
    dispose: () => player.dispose(),
  };
}

function audioInput(ctx: ViewContext<"audio">): View {
  const { spec, stream, props } = ctx;
  const { sources } = props;
  const preview = new AudioElement();
  preview.element.setAttribute("aria-label", spec.label);
  const meter = h("meter", { class: "li-mic-level", min: 0, max: 1, value: 0, "aria-label": `Microphone level of ${spec.label}` });
  const { root } = frame(ctx);
  const controls = h("div", { class: "li-media-controls" });
  root.append(preview.element, controls);

  let current: Wire = spec.value;
  preview.show(current);
  const set = (value: AudioChunk) => {
    current = value;
    preview.show(value);
    ctx.changed();
  };

  let recorder: RecordControls | undefined;
  let source: SourcePicker | undefined;
  const turns = stream && props.turns ? turnStatus(props.turns) : undefined;
  if (sources.includes("microphone")) {
    const request = microphoneRequest(props);
    const picker = (source = new SourcePicker("audio", spec.label, ctx.capture && { ...ctx.capture, openPage: stream ? ctx.capture.openPage : undefined }, request, ctx.memory));
    let mic: MicCapture | undefined;
    let clip: Clip | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let sent = 0;
    // Another microphone chosen while recording feeds the same worklet: the recording goes on.
    const live: LiveDevice = {
      use: async (next) => (mic ? mic.switchSource(next) : next.getTracks().forEach((t) => t.stop())),
      release: () => mic?.releaseSource(),
      lost: (why) => void recorder?.stop("stopped", why),
    };
    const start = async () => {
      const opened = await picker.open(live);
      clip = opened.clip;
      try {
        mic = await MicCapture.start(opened.stream, { sampleRate: request.sampleRate, channels: request.microphone.channels });
      } catch (err) {
        clip?.stop();
        picker.close();
        throw err;
      }
      mic.onLevel = (rms) => (meter.value = Math.min(1, rms * 3));
      preview.element.hidden = true;
      meter.hidden = false;
    };
    // Streaming: every `every` s, the samples since the last chunk. Never dropped when the connection
    // is slow: they wait and go with the next chunk, so fn hears everything.
    const send = (m: MicCapture) => {
      const data = m.take();
      if (data.length === 0) return;
      stream!.send({ sampleRate: m.sampleRate, channels: m.channels, data } satisfies AudioChunk);
      root.dataset.samplesSent = String((sent += data.length));
    };
    const native = stream && ctx.capture?.native;
    recorder = new RecordControls(spec.label, stream?.timeLimit ?? null, {
      start: async () => {
        // Capture source "ffmpeg": the VS Code host records and streams; this page shows the outputs.
        if (native && !picker.usesClip) return native.start((why) => void recorder?.stop("stopped", why));
        sent = 0;
        await start();
        if (stream) timer = setInterval(() => mic && send(mic), stream.every * 1000);
      },
      stop: async () => {
        if (native && !mic) return native.stop();
        clearInterval(timer);
        const m = mic!;
        mic = undefined;
        picker.close();
        await m.stop();
        clip?.stop();
        clip = undefined;
        meter.hidden = true;
        preview.element.hidden = false;
        if (stream) {
          send(m);
          stream.end?.();
        }
        // Without streaming, the whole recording becomes the value.
        else set({ sampleRate: m.sampleRate, channels: m.channels, data: m.take() });
        root.dataset.samplesCaptured = String(m.captured);
      },
    });
    meter.hidden = true;
    controls.append(recorder.element, meter, picker.element);
    if (turns) controls.append(turns.element);
  }

  if (sources.includes("upload")) {
    const file = h("input", { type: "file", accept: "audio/*", class: "li-file", "aria-label": `Upload audio for ${spec.label}` });
    const refused = h("span", { class: "li-upload-status", role: "status" });
    file.addEventListener("change", async () => {
      const f = file.files?.[0];
      refused.textContent = "";
      if (!f) return;
      const chunk = await decodeAudioFile(f).catch((err: Error) => err);
      // Checked here, so an oversized sound is refused with a reason instead of closing the connection.
      const problem = chunk instanceof Error ? `it could not be read as audio (${chunk.message})` : uploadProblem(audioChunkProblem(chunk));
      if (problem) return void (refused.textContent = `Not used: ${f.name}: ${problem}`);
      set(chunk as AudioChunk);
    });
    controls.append(file, refused);
  }

  return {
    element: root,
    getValue: () => current,
    setValue: (wire) => preview.show((current = wire)),
    turnState: turns?.show,
    dispose: () => {
      void recorder?.stop("disposed");
      source?.dispose();
    },
  };
}

/** Voice turns: where the conversation is, in words (a screen reader hears it: role=status). */
function turnStatus(settings: { bargeIn?: boolean }): { element: HTMLElement; show(state: TurnState): void } {
  const words: Record<TurnState, string> = {
    idle: "",
    listening: "Listening…",
    speaking: "Hearing you…",
    thinking: "Thinking…",
    replying: settings.bargeIn === false ? "Replying…" : "Replying… (speak to interrupt)",
  };
  const element = h("span", { class: "li-turn-state", role: "status", "data-state": "idle" });
  return {
    element,
    show: (state) => {
      element.dataset.state = state;
      element.textContent = words[state];
    },
  };
}
