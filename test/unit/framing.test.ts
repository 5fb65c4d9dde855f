import * as assert from "node:assert/strict";
import { decodeFrame, encodeFrame } from "../../src/protocol/framing";
import { validateClientMessage } from "../../src/protocol/messages";

describe("protocol framing", () => {
  it("round-trips JSON-only messages", () => {
    const msg = { type: "input", changes: [[0, "héllo ✓"], [1, 3.5], [2, null]] };
    assert.deepEqual(decodeFrame(encodeFrame(msg)), msg);
  });

  it("carries typed arrays as raw bytes, not JSON, and restores their types", () => {
    const rgba = new Uint8ClampedArray([1, 2, 3, 255, 4, 5, 6, 255]);
    const pcm = new Float32Array([0.5, -0.25, 1]);
    const frame = encodeFrame({ type: "output", values: [{ width: 2, height: 1, data: rgba }, { data: pcm }] });
    const json = new TextDecoder().decode(frame);
    assert.ok(!json.includes("0.5"), "samples are not written as JSON numbers");
    const back = decodeFrame(frame) as { values: [{ data: Uint8ClampedArray }, { data: Float32Array }] };
    assert.ok(back.values[0].data instanceof Uint8ClampedArray);
    assert.deepEqual([...back.values[0].data], [...rgba]);
    assert.ok(back.values[1].data instanceof Float32Array);
    assert.deepEqual([...back.values[1].data], [...pcm]);
  });

  it("decodes payloads in place when aligned, and copies when the frame sits at an odd offset", () => {
    const frame = encodeFrame({ a: new Float64Array([Math.PI]) });
    const shifted = new Uint8Array(frame.byteLength + 3);
    shifted.set(frame, 3);
    const back = decodeFrame(shifted.subarray(3)) as { a: Float64Array };
    assert.equal(back.a[0], Math.PI);
    const sizeOfSubviews = encodeFrame({ a: new Uint8Array(1000).subarray(10, 20) }).byteLength;
    assert.ok(sizeOfSubviews < 200, "a subarray sends only its own bytes");
  });

  it("refuses malformed frames with an error instead of crashing", () => {
    assert.throws(() => decodeFrame(new Uint8Array([1, 2])), /too short/);
    const bad = encodeFrame({ a: new Uint8Array(16) });
    new DataView(bad.buffer).setUint32(8, 1 << 30, true); // payload length beyond the frame
    assert.throws(() => decodeFrame(bad), /out of range/);
    const badJson = new Uint8Array(12);
    new DataView(badJson.buffer).setUint32(0, 4, true);
    badJson.set(new TextEncoder().encode("{{{{"), 8);
    assert.throws(() => decodeFrame(badJson));
  });

  it("validates the shape of client messages", () => {
    assert.equal(validateClientMessage({ type: "input", changes: [[0, 1]] }), undefined);
    assert.match(validateClientMessage({ type: "input", changes: [[0]] })!, /pairs/);
    assert.match(validateClientMessage({ type: "run-everything" })!, /unknown message type/);
    assert.match(validateClientMessage("submit")!, /not an object/);
    assert.match(validateClientMessage({ type: "call", id: 3, values: [] })!, /id/);
  });
});
