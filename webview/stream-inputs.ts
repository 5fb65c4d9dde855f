// How an interface's camera and microphone inputs record: where a streaming input's chunks go (with
// their sequence numbers for the latency measurement, and flow control), and inputs the host records
// itself with ffmpeg (VS Code), which the page only starts and stops.
import { isStreamingInput } from "../src/protocol/components";
import { streamTiming, type CaptureState, type ClientMessage, type ComponentSpec, type InterfaceConfig } from "../src/protocol/messages";
import type { StreamLatency } from "./stream-latency";
import type { Transport } from "./transport";
import type { NativeCapture, StreamContext } from "./views";

/** Input `index`'s stream context; none unless it streams in a live interface (otherwise it takes one capture). */
export function streamContext(config: InterfaceConfig, spec: ComponentSpec, index: number, transport: Transport, latency: () => StreamLatency): StreamContext | undefined {
  if (!config.live || !isStreamingInput(spec)) return undefined;
  return {
    ...streamTiming(config, spec),
    send: (value, capturedAt = performance.now()) => transport.send({ type: "stream", index, value, seq: latency().next(capturedAt) }),
    // Frames: few waiting at the host (see StreamLatency.holdBack), none queued in the socket.
    congested: () => latency().congested(transport.congested()),
    end: () => transport.send({ type: "stream-end", index }),
  };
}

/** An input recorded by the host: how its start resolves, and who hears when it ends after starting. */
interface NativeEntry {
  resolve(): void;
  reject(e: Error): void;
  ended(why: string): void;
  started: boolean;
}

/** Inputs recorded by the host (ffmpeg): the page starts and stops them, and hears how it goes. */
export class NativeCaptures {
  private readonly entries = new Map<number, NativeEntry>();

  constructor(private readonly send: (msg: ClientMessage) => void) {}

  /** What input `index`'s view starts and stops. */
  of(index: number): NativeCapture {
    return {
      start: (ended) =>
        new Promise<void>((resolve, reject) => {
          this.entries.set(index, { ended, resolve, reject, started: false });
          this.send({ type: "native-capture", index, record: true });
        }),
      stop: () => {
        this.entries.delete(index);
        this.send({ type: "native-capture", index, record: false });
      },
    };
  }

  /** What the host says of input `index`'s capture. */
  update(index: number, state: CaptureState, message?: string): void {
    const entry = this.entries.get(index);
    if (!entry) return;
    if (state === "connected") {
      entry.started = true;
      return entry.resolve();
    }
    const why = message ?? "ffmpeg stopped";
    if (entry.started) return entry.ended(why);
    this.entries.delete(index); // it never started
    entry.reject(new Error(why));
  }
}
