import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import { execFileSync } from "node:child_process";
import * as li from "../../src/index";

describe("components: value conversion", () => {
  it("Textbox: strings in, anything printable out, length capped", () => {
    const t = new li.Textbox({ label: "t", maxLength: 5 });
    assert.equal(t.preprocess("hello"), "hello");
    assert.throws(() => t.preprocess("toolong"), /longer than 5/);
    assert.throws(() => t.preprocess(42), /expects a string, got number 42/);
    assert.equal(t.postprocess(42), "42");
    assert.equal(t.postprocess(null), "");
  });

  it("Number: finite numbers, precision, range errors, empty as 0", () => {
    const n = new li.Number({ label: "n", precision: 1, minimum: 0, maximum: 10 });
    assert.equal(n.preprocess(3.14159), 3.1);
    assert.equal(n.preprocess(null), 0);
    assert.throws(() => n.preprocess(11), /above the maximum 10/);
    assert.throws(() => n.preprocess("3"), /expects a finite number/);
    assert.throws(() => n.preprocess(Number.NaN), /finite/);
    assert.equal(n.postprocess(2.25), 2.3);
    assert.throws(() => n.postprocess("x" as unknown as number), /expects a number/);
  });

  it("Slider: clamps to its range and defaults to its minimum", () => {
    const s = new li.Slider({ minimum: 1, maximum: 5 });
    assert.equal(s.preprocess(9), 5);
    assert.equal(s.preprocess(-2), 1);
    assert.equal(s.spec(0, "s").value, 1);
    assert.deepEqual(s.spec(0, "s").props, { minimum: 1, maximum: 5, step: 1, precision: undefined });
  });

  it("Checkbox, ColorPicker", () => {
    assert.equal(new li.Checkbox().preprocess(true), true);
    assert.throws(() => new li.Checkbox().preprocess("true"), /true or false/);
    assert.equal(new li.ColorPicker().preprocess("#FFaa00"), "#ffaa00");
    assert.throws(() => new li.ColorPicker().preprocess("red"), /color like/);
  });

  it("Radio, Dropdown, CheckboxGroup: only listed choices; [display, value] pairs", () => {
    const r = new li.Radio({ choices: ["a", "b"] });
    assert.equal(r.preprocess("b"), "b");
    assert.equal(r.preprocess(null), null);
    assert.throws(() => r.preprocess("c"), /one of "a", "b"/);
    const d = new li.Dropdown({ choices: [["One", 1], ["Two", 2]] as const });
    assert.equal(d.preprocess(2), 2);
    assert.deepEqual(d.spec(0, "d").props.choices, [["One", 1], ["Two", 2]]);
    assert.equal(d.spec(0, "d").value, 1, "a dropdown starts on its first choice");
    assert.equal(new li.Dropdown({ choices: ["x"], allowCustomValue: true }).preprocess("typed"), "typed");
    const g = new li.CheckboxGroup({ choices: ["x", "y", "z"] });
    assert.deepEqual(g.preprocess(["z", "x"]), ["x", "z"], "in choice order");
    assert.throws(() => g.preprocess(["w"]), /one of/);
    assert.throws(() => g.preprocess("x"), /array/);
  });

  it("Label: a class name, or confidences sorted and cut to numTopClasses", () => {
    const l = new li.Label({ numTopClasses: 2 });
    assert.deepEqual(l.postprocess("cat"), { label: "cat" });
    assert.deepEqual(l.postprocess({ cat: 0.2, dog: 0.7, eel: 0.1 }), {
      label: "dog",
      confidences: [{ label: "dog", confidence: 0.7 }, { label: "cat", confidence: 0.2 }],
    });
    assert.throws(() => l.postprocess({ cat: "high" } as unknown as Record<string, number>), /numbers/);
  });

  it("JSON: converts Maps, Sets and BigInts; refuses cycles with a clear error", () => {
    const j = new li.JSON();
    assert.deepEqual(j.postprocess({ m: new Map([["a", 1]]), s: new Set([1, 2]), b: 10n }), { m: { a: 1 }, s: [1, 2], b: "10" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => j.postprocess(cyclic), /cannot be shown as JSON/);
  });

  it("Markdown, HTML, Code: strings", () => {
    assert.equal(new li.Markdown().postprocess(undefined), "");
    assert.equal(new li.HTML().postprocess("<b>x</b>"), "<b>x</b>");
    assert.equal(new li.Code({ language: "ts" }).spec(3, "c").props.language, "ts");
  });

  it("State: each session starts from its own deep copy", () => {
    const s = new li.State({ value: { list: [1] } });
    const a = s.initial();
    (a as { list: number[] }).list.push(2);
    assert.deepEqual(s.initial(), { list: [1] });
  });

  it("HighlightedText: [text, category] pairs, or text with entity offsets turned into pairs; bad offsets refused", () => {
    const c = new li.HighlightedText();
    assert.deepEqual(c.postprocess([["Ada", "name"], [" wrote", null]]), [["Ada", "name"], [" wrote", null]]);
    assert.deepEqual(c.postprocess({ text: "Ada met Bob.", entities: [{ start: 8, end: 11, entity: "name" }, { start: 0, end: 3, entity: "name" }] }), [
      ["Ada", "name"],
      [" met ", null],
      ["Bob", "name"],
      [".", null],
    ]);
    assert.throws(() => c.postprocess({ text: "short", entities: [{ start: 2, end: 9, entity: "x" }] }), /start <= end <= 5/);
    assert.throws(() => c.postprocess([["ok", 5]] as never), /pairs \(item 0 is not\)/);
  });

  it("Dataframe: tables, bare rows (named by headers) or records; edited cells typed by datatype", () => {
    const c = new li.Dataframe({ headers: ["a", "b"], datatype: ["str", "number"] });
    assert.deepEqual(c.postprocess([[1, "x"]]), { headers: ["a", "b"], data: [[1, "x"]] });
    assert.deepEqual(c.postprocess([{ name: "tea", n: 2 }, { name: "cake" }]), { headers: ["name", "n"], data: [["tea", 2], ["cake", null]] });
    assert.deepEqual(c.preprocess({ headers: ["a", "b"], data: [["x", "4.5"], ["y", ""]] }), { headers: ["a", "b"], data: [["x", 4.5], ["y", null]] });
    assert.throws(() => c.postprocess([[{}]] as never), /row 0 is not/);
    assert.deepEqual(new li.Dataframe({ headers: ["n"], value: [[1], [2]] }).spec(0, "t").value, { headers: ["n"], data: [[1], [2]] });
  });

  it("Audio sampleRate: fn receives the recording resampled (a 440 Hz tone stays 440 Hz)", () => {
    const data = Float32Array.from({ length: 48000 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 48000));
    const got = new li.Audio({ sampleRate: 16000 }).preprocess({ sampleRate: 48000, channels: 1, data });
    assert.equal(got.sampleRate, 16000);
    assert.equal(got.data.length, 16000);
    let crossings = 0;
    for (let i = 1; i < got.data.length; i++) if (got.data[i - 1]! < 0 && got.data[i]! >= 0) crossings++;
    assert.ok(Math.abs(crossings - 440) <= 1, `${crossings} Hz`);
    assert.equal(new li.Audio().preprocess({ sampleRate: 48000, channels: 1, data }).data.length, 48000, "unchanged without the option");
  });

  it("Image type: fn receives the frame, PNG bytes, or the path of a PNG in the temporary folder", () => {
    const frame = { width: 2, height: 1, data: new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255]) };
    const png = new li.Image({ type: "png" }).preprocess(frame);
    assert.equal(png.mime, "image/png");
    assert.deepEqual([...png.bytes.subarray(1, 4)], [80, 78, 71], "PNG signature");
    const file = new li.Image({ type: "filepath" }).preprocess(frame);
    assert.ok(file.startsWith(os.tmpdir()) && file.endsWith(".png"), file);
    assert.deepEqual(fs.readFileSync(file), Buffer.from(png.bytes));
    // An independent decoder (ffmpeg, installed by the test set-up) reads the same two pixels back.
    const decoded = execFileSync("ffmpeg", ["-loglevel", "error", "-i", file, "-f", "rawvideo", "-pix_fmt", "rgba", "-"]);
    assert.deepEqual([...decoded], [...frame.data]);
    assert.deepEqual(new li.Image().preprocess(frame), frame);
  });
});
