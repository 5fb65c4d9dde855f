// The size cap on what the page sends (a frame, a file, a video: 16 MiB), checked before reading or
// sending, so an oversized choice is refused with its reason instead of closing the connection.
import { MAX_MEDIA_BYTES } from "../../src/protocol/messages";

/** A byte count as people read it. */
export const byteSize = (n: number) => (n < 1024 ? `${n} B` : n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 2 ** 20).toFixed(1)} MiB`);

/** Why `name` (of `bytes`) is not used, or undefined when it is within the cap. `what`: "files", "videos". */
export function overCap(name: string, bytes: number, what: string): string | undefined {
  return bytes > MAX_MEDIA_BYTES ? `Not used: ${name} is ${byteSize(bytes)}; ${what} may be at most ${byteSize(MAX_MEDIA_BYTES)}.` : undefined;
}
