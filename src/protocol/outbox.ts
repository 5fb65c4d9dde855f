// Messages to a UI that are sent within one turn of the event loop leave together, as one array.
// A stream run's start, output and end then cost the page one message instead of three (each one a
// task for the page's renderer, and through code-server's postMessage a hop over the network).
// Nothing waits longer than the current turn: a lone message leaves a setImmediate later.
import { decodeFrame } from "./framing";
import type { ServerMessage } from "./messages";

/** Wraps `deliver` (one message or an array of them) so that messages of one turn are delivered together. */
export function coalesce<T>(deliver: (batch: T | T[]) => void): (msg: T) => void {
  let queue: T[] | undefined;
  return (msg) => {
    if (queue) return void queue.push(msg);
    queue = [msg];
    setImmediate(() => {
      const batch = queue!;
      queue = undefined;
      deliver(batch.length === 1 ? batch[0]! : batch);
    });
  };
}

/** What a receiver got from a coalescing sender: the messages, in order. */
export const messagesOf = <T>(received: T | T[]): T[] => (Array.isArray(received) ? received : [received]);

/** The server's messages in one binary WebSocket message (a Node Buffer is a Uint8Array too). */
export const decodeMessages = (frame: Uint8Array): ServerMessage[] => messagesOf(decodeFrame(frame) as ServerMessage | ServerMessage[]);
