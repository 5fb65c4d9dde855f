// The pieces of the HTTP API and MCP tools that need no server: checking values against components,
// their JSON Schema, JSON <-> wire values (PNG, WAV, data URLs), multipart bodies, fn's doc comment.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { deflateSync } from "node:zlib";
import * as li from "../../src/index";
import { decodeWav, encodeWav } from "../../src/protocol/wav";
import { callProblem, inputProblem } from "../../src/runtime/input-check";
import { fnDocComment } from "../../src/server/fn-doc";
import { inputsSchema } from "../../src/server/json-schema";
import { callValues, InputError, outputToJson } from "../../src/server/json-values";
import { formBoundary, parseForm } from "../../src/server/multipart";
import { decodePng } from "../../src/server/png-decode";
import { fixture } from "../helpers/serve";

const spec = (c: li.Component<any, any>, label = "x") => c.spec(0, label);

describe("input-check: values from code are refused, not bent", () => {
  it("a slider refuses a value past its ends (it would clamp it), and takes the ends themselves", () => {
    const slider = spec(new li.Slider({ label: "n", minimum: 0, maximum: 100000, step: 1 }));
    assert.equal(inputProblem(slider, 150000), 'Input "n" (slider) must be a whole number from 0 to 100000; got number 150000 (out of range).');
    assert.equal(inputProblem(slider, 100000), undefined);
    assert.equal(inputProblem(slider, 0), undefined);
    assert.match(inputProblem(slider, 1.5)!, /not a whole number/);
    assert.match(inputProblem(spec(new li.Slider({ minimum: 0, maximum: 1, step: 0.1 }), "f"), 0.35) ?? "ok", /^ok$/, "a fractional step takes any number in range");
  });

  it("choices, types, colors, lengths, counts", () => {
    const radio = spec(new li.Radio({ label: "op", choices: [["Add", "add"], ["Times", "mul"]] }));
    assert.match(inputProblem(radio, "Add")!, /^Input "op" \(radio\) must be one of "add", "mul" \(or null\); got the string "Add" \(not one of the choices\)\.$/);
    assert.equal(inputProblem(radio, null), undefined);
    const group = spec(new li.CheckboxGroup({ label: "g", choices: ["a", "b"] }));
    assert.match(inputProblem(group, ["a", "c"])!, /^Input "g" \(checkboxgroup\) must be an array of "a", "b"; got an array: the string "c" is not one of the choices\.$/);
    assert.equal(inputProblem(spec(new li.Dropdown({ choices: ["a"], allowCustomValue: true })), "zzz"), undefined);
    assert.match(inputProblem(spec(new li.Checkbox({ label: "c" })), "true")!, /must be true or false; got the string "true" \(wrong type\)/);
    assert.match(inputProblem(spec(new li.ColorPicker({ label: "c" })), "red")!, /a color like "#ff8800"/);
    assert.match(inputProblem(spec(new li.Textbox({ label: "t", maxLength: 3 })), "long")!, /at most 3 characters; got the string "long": too long/);
    assert.match(inputProblem(spec(new li.Number({ label: "n", maximum: 5 })), 6)!, /a number of at most 5/);
    assert.equal(inputProblem(spec(new li.Number({ label: "n" })), null), undefined, "an empty number field");
    assert.match(inputProblem(spec(new li.Image({ label: "i" })), { width: 2, height: 2, data: new Uint8ClampedArray(3) })!, /"i" \(image\).*RGBA data of width\*height\*4 = 16 bytes, got 3/);
    const config = new li.Interface({ fn: (a: number, s: unknown) => a, inputs: [new li.Slider({ label: "a" }), new li.State({ value: 0 })], outputs: "number" }).config();
    assert.equal(callProblem(config, [3]), undefined, "State inputs may be left out");
    assert.match(callProblem(config, [3, null, 4])!, /takes 2 input values \("a", "s"\), got 3/);
  });
});

describe("JSON Schema from the components", () => {
  it("ranges, choices, lengths, media and defaults", () => {
    const config = new li.Interface({
      fn: () => "",
      inputs: [
        new li.Slider({ label: "max tokens", minimum: 1, maximum: 512, step: 1, value: 64 }),
        new li.Dropdown({ label: "mode", choices: ["fast", "good"] }),
        new li.Textbox({ label: "prompt", maxLength: 200 }),
        new li.Image({ label: "photo" }),
        new li.File({ label: "docs", multiple: true }),
      ],
      outputs: "text",
    }).config();
    const schema = inputsSchema(config) as { properties: Record<string, any>; required: string[] };
    assert.deepEqual(Object.keys(schema.properties), ["max_tokens", "mode", "prompt", "photo", "docs"]);
    assert.deepEqual(schema.properties.max_tokens, { title: "max tokens", type: "integer", minimum: 1, maximum: 512, default: 64, description: "A whole number from 1 to 512" });
    assert.deepEqual(schema.properties.mode.enum, ["fast", "good", null]);
    assert.equal(schema.properties.prompt.maxLength, 200);
    assert.equal(schema.properties.photo.anyOf[0].contentMediaType, "image/png");
    assert.equal(schema.properties.docs.type, "array");
  });
});

describe("JSON values <-> wire values", () => {
  const config = new li.Interface({ fn: (_i: unknown, _a: unknown, _f: unknown) => "", inputs: [new li.Image({ label: "img" }), new li.Audio({ label: "snd" }), new li.File({ label: "f" })], outputs: "text" }).config();

  it("a PNG data URL becomes RGBA pixels; other image formats are refused with what to do", () => {
    const png = fs.readFileSync(fixture("gradient.png"));
    const [frame] = callValues(config, { img: `data:image/png;base64,${png.toString("base64")}` }) as li.ImageFrame[];
    assert.deepEqual([frame!.width, frame!.height], [37, 23]);
    assert.ok(Buffer.from(frame!.data).equals(fs.readFileSync(fixture("gradient.rgba"))), "the pixels Chromium drew");
    assert.throws(() => callValues(config, { img: "data:image/jpeg;base64,/9j/4AAQ" }), (e: Error) => e instanceof InputError && /"img" \(image\) must be a PNG image \(other formats are not decoded here: convert it to PNG\)/.test(e.message));
    assert.throws(() => callValues(config, { img: "not base64!" }), /must be a PNG image as a data URL or base64: a data URL/);
  });

  it("every PNG row filter, palettes with transparency, grey, 16 bits", () => {
    const rgba = Array.from({ length: 5 * 3 * 4 }, (_, i) => (i * 37 + 11) % 256);
    for (const filter of [0, 1, 2, 3, 4]) {
      const frame = decodePng(png(5, 3, 6, 8, rgba, filter));
      assert.ok(typeof frame !== "string", frame as string);
      assert.deepEqual([...frame.data], rgba, `filter ${filter}`);
    }
    const palette = decodePng(png(3, 1, 3, 8, [0, 1, 2], 0, { PLTE: [255, 0, 0, 0, 255, 0, 0, 0, 255], tRNS: [255, 128] }));
    assert.deepEqual([...(palette as li.ImageFrame).data], [255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255]);
    const grey16 = decodePng(png(2, 1, 0, 16, [0x12, 0x34, 0xfe, 0xdc], 0));
    assert.deepEqual([...(grey16 as li.ImageFrame).data], [0x12, 0x12, 0x12, 255, 0xfe, 0xfe, 0xfe, 255]);
  });

  it("WAV in (PCM 16, float 32), WAV out", () => {
    const chunk = { sampleRate: 16000, channels: 2, data: new Float32Array([0, 0.5, -0.5, 0.25]) };
    const back = decodeWav(encodeWav(chunk)) as li.AudioChunk;
    assert.deepEqual([back.sampleRate, back.channels], [16000, 2]);
    back.data.forEach((v, i) => assert.ok(Math.abs(v - chunk.data[i]!) < 1e-4));
    const [, snd] = callValues(config, { snd: Buffer.from(encodeWav(chunk)).toString("base64") }) as [unknown, li.AudioChunk];
    assert.equal(snd.data.length, 4);
    assert.match(decodeWav(new Uint8Array(8)) as string, /a WAV file/);
    const out = outputToJson(config.inputs[1]!, chunk) as string;
    assert.ok(out.startsWith("data:audio/wav;base64,UklGR"), "a WAV data URL");
  });

  it("files by name and data; inputs by name or in order; unknown names refused", () => {
    const [, , file] = callValues(config, { f: { name: "a.txt", data: "data:text/plain;base64,aGk=" } }) as [unknown, unknown, { name: string; mime: string; bytes: Uint8Array }];
    assert.deepEqual([file.name, file.mime, Buffer.from(file.bytes).toString()], ["a.txt", "text/plain", "hi"]);
    assert.throws(() => callValues(config, { nope: 1 }), /There is no input "nope": the inputs are "img", "snd", "f"/);
    assert.throws(() => callValues(config, [null, null, null, null]), /takes 3 inputs/);
  });
});

describe("multipart/form-data bodies", () => {
  it("fields and uploads, as curl -F sends them", () => {
    const boundary = "----x1";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="prompt"\r\n\r\nhello\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0, 1, 2, 13, 10, 3]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    assert.equal(formBoundary(`multipart/form-data; boundary=${boundary}`), boundary);
    const parts = parseForm(body, boundary);
    assert.ok(Array.isArray(parts));
    assert.deepEqual(parts.map((p) => [p.name, p.filename, p.mime, [...p.data]]), [
      ["prompt", undefined, undefined, [...Buffer.from("hello")]],
      ["photo", "a.png", "image/png", [0, 1, 2, 13, 10, 3]],
    ]);
    assert.match(parseForm(Buffer.from("junk"), boundary) as string, /boundary/);
  });
});

describe("fn's doc comment", () => {
  it("before fn:, before a fn method, or before the function fn names", () => {
    assert.equal(fnDocComment(`new li.Interface({\n  /**\n   * Adds two numbers.\n   * @param a first\n   */\n  fn: (a, b) => a + b,\n})`), "Adds two numbers.");
    assert.equal(fnDocComment(`new li.Interface({ /** Shouts. */ async *fn(text) {} })`), "Shouts.");
    assert.equal(fnDocComment(`/** Not this. */\nconst x = 1;\n/**\n * Flips the frame\n * left to right.\n */\nfunction mirror(f) {}\nexport default new li.Interface({ fn: mirror, inputs: [] });`), "Flips the frame\nleft to right.");
    assert.equal(fnDocComment(`/** The greeting. */\nconst fn = (n) => n;\nexport default new li.Interface({ fn, inputs: [] });`), "The greeting.");
    assert.equal(fnDocComment(`export default new li.Interface({ fn: (a) => a });`), undefined);
  });
});

/** A PNG of `samples` (colour type, bit depth) with every row filtered by `filter`, and extra chunks. */
function png(width: number, height: number, type: number, depth: number, samples: number[], filter: number, extra: Record<string, number[]> = {}): Uint8Array {
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type]!;
  const stride = (width * channels * depth) / 8;
  const bpp = Math.max(1, (channels * depth) / 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    const row = samples.slice(y * stride, (y + 1) * stride);
    const prev = y > 0 ? samples.slice((y - 1) * stride, y * stride) : new Array(stride).fill(0);
    rows.push(filter);
    row.forEach((v, i) => {
      const a = i >= bpp ? row[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][filter]!;
      rows.push((v - predicted + 256) % 256);
    });
  }
  const chunk = (name: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(name, 4, "ascii");
    return Buffer.concat([head, data, Buffer.alloc(4)]); // the decoder does not check CRCs
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([depth, type, 0, 0, 0], 8);
  const extras = Object.entries(extra).map(([name, data]) => chunk(name, Uint8Array.from(data)));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), ...extras, chunk("IDAT", deflateSync(Buffer.from(rows))), chunk("IEND", new Uint8Array(0))]);
}
