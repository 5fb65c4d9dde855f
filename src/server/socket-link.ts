// The host's end of a UI's WebSocket (a browser tab's, or a VS Code panel's direct channel): the
// messages of one turn leave as one frame (outbox.ts), what arrives is decoded, and a malformed
// message is answered with an error on the same socket, which stays open.
import type { RawData, WebSocket } from "ws";
import { encodeFrameParts } from "../protocol/framing";
import type { ServerMessage } from "../protocol/messages";
import { coalesce } from "../protocol/outbox";
import { releaseShared } from "../runtime/arena-reader";
import { readWsMessage } from "./ws-message";

/** About one 640x480 RGBA frame waiting to leave: more only adds latency to streamed outputs. */
const CONGESTED_BYTES = 1.5 * 1024 * 1024;
/**
 * From this many bytes a message leaves as fragments (its frame's parts, encodeFrameParts) instead of
 * one buffer: its payloads are written as they are, not copied into a new frame first. For 1 MiB
 * images that cut the server's CPU by a third (53-60 -> 36-38 ms per 64 MiB streamed). Smaller messages
 * (a 640x480 camera frame as I420 is 450 KiB) stay whole: each fragment is one more write here and
 * one more frame for the browser to take, and the copy saved shrinks with the size.
 */
const FRAGMENTS_FROM_BYTES = 512 * 1024;
/**
 * A WebSocket ping this often keeps a quiet socket (nobody typing, a long run with nothing to show
 * yet) open through proxies that close idle connections: nginx after 60 s (proxy_read_timeout), most
 * load balancers after 60-100 s. The browser answers by itself; the page sees nothing.
 */
export const KEEPALIVE_MS = 25_000;

export class SocketLink {
  readonly send = coalesce<ServerMessage>((batch) => {
    if (this.ws.readyState !== this.ws.OPEN) return releaseShared(batch);
    // One message: one frame, or its fragments all sent in this turn (nothing can come between them).
    const parts = encodeFrameParts(batch, FRAGMENTS_FROM_BYTES);
    // Outputs in a worker's shared memory (output-arena.ts) are given back once nothing refers to
    // them: at once when the frame holds copies, else once the socket has written the last part.
    if (parts.length === 1) {
      this.ws.send(parts[0]!, { binary: true });
      return releaseShared(batch);
    }
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      this.ws.send(part, { binary: true, fin: last }, last ? () => releaseShared(batch) : undefined);
    });
  });

  constructor(private readonly ws: WebSocket, keepAliveMs = KEEPALIVE_MS) {
    // A socket error is followed by "close", which is where it is handled; unheard, it would throw.
    ws.on("error", () => {});
    const keepAlive = setInterval(() => ws.readyState === ws.OPEN && ws.ping(), keepAliveMs).unref();
    ws.on("close", () => clearInterval(keepAlive));
  }

  /** `cb` gets each decoded message, still to be validated (it is the UI's). */
  onMessage(cb: (msg: unknown) => void): void {
    this.ws.on("message", (data: RawData, isBinary: boolean) => {
      let msg: unknown;
      try {
        msg = readWsMessage(data, isBinary);
      } catch (err) {
        return this.send({ type: "error", error: { kind: "protocol", message: `Refused a malformed message: ${(err as Error).message}` } });
      }
      cb(msg);
    });
  }

  onClose(cb: () => void): void {
    this.ws.on("close", cb);
  }

  /** Sent data is waiting to leave: a stream output sent now would only add delay. */
  congested(): boolean {
    return this.ws.bufferedAmount > CONGESTED_BYTES;
  }

  close(): void {
    this.ws.close();
  }
}
