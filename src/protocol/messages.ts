// The one message protocol shared by every layer: UI (browser page or VS Code webview) <-> host
// (http/ws server or extension host) <-> isolated runtime (worker thread). Each layer imports these
// types; none defines its own copy.
import type { ComponentSpec } from "./components";

export type { ComponentSpec, ComponentType } from "./components";

/** A value as it travels: JSON-like, but typed arrays travel as raw bytes (see framing.ts). */
export type Wire = unknown;

export type InterfaceKind = "standard" | "input-only" | "output-only" | "unified";

export interface InterfaceConfig {
  title?: string;
  description?: string;
  article?: string;
  kind: InterfaceKind;
  live: boolean;
  inputs: ComponentSpec[];
  outputs: ComponentSpec[];
  /** Rows of input values in wire form, one per example. */
  examples: Wire[][];
  /** True when fn is a generator: the UI offers Stop. */
  generator: boolean;
  /** Seconds between chunks a streaming input sends (Interface option; components may override). */
  streamEvery?: number;
  /** Seconds a stream may run before the UI stops it; null: no limit. */
  timeLimit?: number | null;
  /** How many runs may execute at once, across sessions ("default": the server's, 1 unless set). */
  concurrencyLimit?: number | "default";
  /** Worker threads that run fn, each with the module loaded (default: one per concurrent run). */
  workers?: number;
  /** How many runs may wait in line; beyond it a run is refused at once (default: no limit). */
  maxQueueSize?: number;
  /** fn takes arrays of inputs and returns arrays of outputs: one call serves several waiting runs. */
  batch?: boolean;
  /** With `batch`: at most this many runs per call (default 4). */
  maxBatchSize?: number;
}

/** A run's place in the line of runs waiting to execute (runtime/run-queue.ts). */
export interface QueueStatus {
  /** 1: next to start. */
  position: number;
  /** How many wait in all. */
  size: number;
  /** Seconds until it starts, estimated from recent runs; absent before any ran. */
  eta?: number;
}

/**
 * How a streaming input streams: seconds between chunks (its own streamEvery, else the interface's,
 * else 0.5) and seconds a recording may last (the interface's timeLimit, default 30; null: no limit).
 */
export function streamTiming(config: InterfaceConfig, spec: ComponentSpec): { every: number; timeLimit: number | null } {
  const own = spec.type === "image" || spec.type === "audio" ? spec.props.streamEvery : undefined;
  return {
    every: typeof own === "number" && own > 0 ? own : (config.streamEvery ?? 0.5),
    timeLimit: config.timeLimit === undefined ? 30 : config.timeLimit,
  };
}

/** An image as raw pixels, ImageData-shaped: RGBA, row by row, 4 bytes per pixel. */
export interface ImageFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * A camera frame as cameras make it: I420 (a Y plane, then U and V at half width and height), 1.5
 * bytes a pixel instead of RGBA's 4. Streamed frames travel so; the runtime converts them to an
 * ImageFrame before fn sees them.
 */
export interface YuvFrame {
  width: number;
  height: number;
  format: "I420";
  data: Uint8Array;
}

/** Audio as raw samples: `channels` interleaved, floats in [-1, 1]. */
export interface AudioChunk {
  sampleRate: number;
  channels: number;
  data: Float32Array;
}

/** A file's bytes as they are (PNG, JPEG, WAV...): outputs may return these instead of raw samples. */
export interface EncodedMedia {
  mime: string;
  bytes: Uint8Array;
}

/**
 * Largest image or audio value that may travel in one message (bytes of raw data). A 4K RGBA frame
 * (33 MB) is over it on purpose: streams are meant for camera-sized frames.
 */
export const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

/** An error as the user sees it: message plus where in *their* file it happened. */
export interface UserError {
  message: string;
  /** "path/to/file.ts:12:5", relative to the module's folder when possible. */
  location?: string;
  stack?: string;
  /** What kind of failure: the fn threw, the run timed out, the module would not load... */
  kind: "fn" | "timeout" | "load" | "input" | "runtime" | "protocol" | "queue";
}

/** One output slot of an update: undefined leaves the output as it is. */
export interface OutputUpdate {
  values: (Wire | undefined)[];
  /** Per output: true when the value is appended to what is shown (text from generators). */
  append?: boolean[];
}

// ---------------------------------------------------------------------------------------------
// UI -> host
export type ClientMessage =
  /** Input values changed (one or several, e.g. an example row). In live mode this schedules a run. */
  | { type: "input"; changes: [index: number, value: Wire][] }
  /** Run with the current inputs (Submit / Generate button). */
  | { type: "submit" }
  /**
   * A streaming input's chunk, sent every streamEvery seconds while recording: an ImageFrame (the
   * newest replaces the older ones) or an AudioChunk (chunks accumulate until fn takes them). Runs fn
   * without aborting the run in flight.
   */
  | { type: "stream"; index: number; value: Wire; seq?: number }
  /** The recording of streaming input `index` stopped (voice turns: speech under way becomes a turn). */
  | { type: "stream-end"; index: number }
  /**
   * The UI received the output of a stream run (one that took a chunk). Flow control: the host starts
   * the next stream run only then, so outputs never pile up in a slow link.
   */
  | { type: "ack"; run: string }
  /**
   * A streamed Video output (index `output`) has room for frames of `run` up to number `allow` (1 is
   * the run's first frame): the generator feeding it waits beyond that (see VIDEO_WINDOW_FRAMES).
   * Sent as frames are shown, and every second while they wait (paused), which tells the host the run
   * is held by the page, not stuck.
   */
  | { type: "frames"; run: string; output: number; allow: number }
  /** Abort the running fn (and any pending run). */
  | { type: "stop" }
  /** A client API call: runs once with these inputs, independent of the live schedule. */
  | { type: "call"; id: string; values: Wire[] }
  | { type: "cancel"; id: string }
  /** VS Code webview: the page (re)loaded; `restore` is what it remembers of its inputs. */
  | { type: "ready"; restore?: Record<number, Wire> }
  /**
   * VS Code webview: record in the user's browser instead (capture source "browser"). The host asks
   * the user, then opens a capture page feeding this session; `capture` messages tell how it went.
   */
  | { type: "capture-page" }
  /** VS Code, capture source "ffmpeg": start or stop recording input `index` with ffmpeg in the host. */
  | { type: "native-capture"; index: number; record: boolean }
  /**
   * VS Code webview, before `ready`: asks for a direct channel to the host (a WebSocket, see
   * host/direct-channel.ts); `origin` is the page's own, the only one the channel will accept.
   */
  | { type: "open-channel"; origin: string };

// host -> UI (the messages of one event-loop turn may arrive together as an array: outbox.ts)
export type ServerMessage =
  /** `file`: the module's path, where the host knows it (VS Code), so the UI can tell modules apart. */
  | { type: "config"; config: InterfaceConfig; session: string; file?: string }
  /** The module could not be loaded (syntax error, no exported interface...). */
  | { type: "load-error"; error: UserError }
  /** Nothing runs, and not because of an error: no module is open, the workspace is not trusted. */
  | { type: "notice"; title: string; message: string }
  /** The run waits for its turn (other sessions' runs are ahead): sent when it has waited a little, and as its place changes. */
  | ({ type: "queue"; run: string } & QueueStatus)
  /** `seq`: the newest stream chunk this run took (the UI measures capture-to-display latency with it). */
  | { type: "run-start"; run: string; seq?: number }
  | ({ type: "output"; run: string } & OutputUpdate)
  | { type: "progress"; run: string; fraction: number | null; text?: string }
  /** The run ended. `error` when it threw or timed out; `aborted` when a newer change or Stop ended it. */
  | { type: "run-end"; run: string; error?: UserError; aborted?: boolean }
  /** Something went wrong outside a run (malformed message, oversized input...). */
  | { type: "error"; error: UserError }
  /**
   * A capture page feeding this session: opened in the browser (`url`, for the user to open by hand
   * if no browser came up), connected, closed, declined by the user, or failed (`message` says why).
   * With `index`: the ffmpeg capture of that input (connected: recording; closed; failed).
   */
  | { type: "capture"; state: CaptureState; url?: string; message?: string; index?: number }
  /** VS Code: where the page's direct channel is (once, from its origin); no `url`: none, use postMessage. */
  | { type: "channel"; url?: string; message?: string }
  /**
   * Voice turns (an Audio input with `turns`): where input `index` is in the conversation. `bargeIn`:
   * the speaker began over a reply, which the host cancelled; the page silences what it still plays.
   */
  | { type: "turn"; index: number; state: TurnState; bargeIn?: boolean };

/** Not recording; recording, nobody speaks; someone speaks; fn works on what was said; fn's reply streams or plays. */
export type TurnState = "idle" | "listening" | "speaking" | "thinking" | "replying";

export type CaptureState = "opened" | "connected" | "closed" | "declined" | "failed";

// Between the host and its runtime workers, and between the notebook renderer and the extension
// host: in files of their own, exported from here too.
export * from "./worker-messages";
export * from "./renderer-messages";

const CLIENT_TYPES = new Set(["input", "stream", "stream-end", "ack", "frames", "submit", "stop", "call", "cancel", "ready", "capture-page", "native-capture", "open-channel"]);

/** Checks the shape of a message from an untrusted UI/client; returns an error text or undefined. */
export function validateClientMessage(msg: unknown): string | undefined {
  if (typeof msg !== "object" || msg === null) return "message is not an object";
  const m = msg as Record<string, unknown>;
  if (typeof m.type !== "string" || !CLIENT_TYPES.has(m.type)) return `unknown message type ${JSON.stringify(m.type)}`;
  switch (m.type) {
    case "input":
      if (!Array.isArray(m.changes)) return "input.changes must be an array";
      for (const c of m.changes) {
        if (!Array.isArray(c) || c.length !== 2 || !Number.isInteger(c[0])) return "input.changes must hold [index, value] pairs";
      }
      return undefined;
    case "stream":
      if (!Number.isInteger(m.index)) return "stream.index must be an integer";
      if (typeof m.value !== "object" || m.value === null) return "stream.value must be an image frame or an audio chunk";
      if (m.seq !== undefined && !Number.isSafeInteger(m.seq)) return "stream.seq must be an integer";
      return undefined;
    case "stream-end":
      return Number.isInteger(m.index) ? undefined : "stream-end.index must be an integer";
    case "ack":
      return typeof m.run === "string" && m.run.length <= 100 ? undefined : "ack.run must be a short string";
    case "frames":
      if (typeof m.run !== "string" || m.run.length > 100) return "frames.run must be a short string";
      if (!Number.isInteger(m.output) || (m.output as number) < 0) return "frames.output must be an output index";
      return Number.isSafeInteger(m.allow) && (m.allow as number) >= 0 ? undefined : "frames.allow must be a whole number";
    case "call":
      if (typeof m.id !== "string" || m.id.length > 100) return "call.id must be a short string";
      if (!Array.isArray(m.values)) return "call.values must be an array";
      return undefined;
    case "cancel":
      return typeof m.id === "string" ? undefined : "cancel.id must be a string";
    case "native-capture":
      if (!Number.isInteger(m.index)) return "native-capture.index must be an integer";
      return typeof m.record === "boolean" ? undefined : "native-capture.record must be a boolean";
    case "open-channel":
      return typeof m.origin === "string" && m.origin.length <= 300 ? undefined : "open-channel.origin must be a short string";
    case "ready":
      return m.restore === undefined || (typeof m.restore === "object" && m.restore !== null) ? undefined : "ready.restore must be an object";
    default:
      return undefined;
  }
}
