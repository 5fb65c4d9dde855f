import * as assert from "node:assert/strict";
import * as li from "../../src/index";

describe("Interface", () => {
  it("resolves string shortcuts and labels inputs from fn's parameter names", () => {
    const iface = new li.Interface({ fn: (first: string, count: number) => first.repeat(count), inputs: ["text", "number"], outputs: "text" });
    const c = iface.config();
    assert.deepEqual(c.inputs.map((i) => [i.type, i.label]), [["textbox", "first"], ["number", "count"]]);
    assert.equal(c.outputs[0]!.label, "output");
    assert.equal(c.kind, "standard");
    assert.throws(() => new li.Interface({ fn: () => {}, inputs: ["sliderr" as "slider"] }), /unknown component shortcut "sliderr"/);
  });

  it("tells the four interface types apart", () => {
    const box = new li.Textbox();
    assert.equal(new li.Interface({ fn: () => "x", outputs: "text" }).kind, "output-only");
    assert.equal(new li.Interface({ fn: (_s: string) => {}, inputs: "text" }).kind, "input-only");
    assert.equal(new li.Interface({ fn: (s) => s, inputs: box, outputs: box }).kind, "unified");
    assert.equal(new li.Interface({ fn: (s) => s, inputs: box, outputs: new li.Textbox() }).kind, "standard");
  });

  it("gives unified outputs the ids of their inputs", () => {
    const box = new li.Textbox({ label: "pad" });
    const c = new li.Interface({ fn: (s) => s, inputs: [box], outputs: [box] }).config();
    assert.equal(c.inputs[0]!.id, c.outputs[0]!.id);
  });

  it("converts examples through the input components and checks their width", () => {
    const iface = new li.Interface({ fn: (a, b) => a + b, inputs: [new li.Slider({ maximum: 10 }), new li.Number()], outputs: "number", examples: [[1, 2], [3, 4]] });
    assert.deepEqual(iface.config().examples, [[1, 2], [3, 4]]);
    const bad = new li.Interface({ fn: (a) => a, inputs: ["number"], outputs: "number", examples: [[1, 2] as unknown as [number]] });
    assert.throws(() => bad.config(), /examples\[0\] has 2 values for 1 inputs/);
  });

  it("marks generator functions so the UI can offer Stop", () => {
    const gen = new li.Interface({ fn: function* (n: number) { yield String(n); }, inputs: "number", outputs: "text" });
    assert.equal(gen.config().generator, true);
    assert.equal(new li.Interface({ fn: (n: number) => n, inputs: "number", outputs: "number" }).config().generator, false);
  });

  it("infers fn's parameter types from the components (checked by tsc)", () => {
    const iface = new li.Interface({
      fn: (n, s, flag, picks, ctx) => {
        const check: [number, string, boolean, ("a" | "b")[], AbortSignal] = [n, s, flag, picks, ctx.signal];
        return [check.length, `${s}${n}`];
      },
      inputs: [new li.Slider(), "text", new li.Checkbox(), new li.CheckboxGroup({ choices: ["a", "b"] as const })],
      outputs: [new li.Number(), new li.Textbox()],
    });
    assert.equal(iface.inputs.length, 4);
  });

  it("a batch fn is typed with arrays: each input's values in, one array per output out (checked by tsc)", () => {
    const iface = new li.Interface({
      fn: (names, counts) => {
        const check: [string[], number[]] = [names, counts];
        return [check[0].map((n) => n.toUpperCase()), counts.map((c) => c * 2)];
      },
      inputs: ["text", "number"],
      outputs: ["text", "number"],
      batch: true,
      maxBatchSize: 8,
    });
    assert.deepEqual([iface.config().batch, iface.config().maxBatchSize], [true, 8]);
    // @ts-expect-error a batch fn returns an array of results, not one result
    void new li.Interface({ fn: (names) => names[0]!, inputs: "text", outputs: "text", batch: true });
    assert.throws(() => new li.Interface({ fn: function* (names: string[]) { yield names; }, inputs: "text", outputs: "text", batch: true } as never), /cannot be a generator/);
    assert.throws(() => new li.Interface({ fn: (n: number) => n, inputs: "number", outputs: "number", concurrencyLimit: 0 }), /concurrencyLimit must be a whole number of at least 1/);
  });
});
