import type { RawData } from "ws";
import { decodeFrame } from "../protocol/framing";

/**
 * A message as a ws socket delivers it: a binary frame (framing.ts) or JSON text. Throws on a
 * malformed one; what it holds is checked by the Session that receives it.
 */
export function readWsMessage(data: RawData, isBinary: boolean): unknown {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return isBinary ? decodeFrame(bytes) : JSON.parse(bytes.toString("utf8"));
}
