// li.Webcam and li.Microphone, and the camera / microphone options of Image and Audio: what reaches
// the page (the component's props), and options that cannot be met refused where the module builds them.
import * as assert from "node:assert/strict";
import * as li from "live-interface";
import type { ComponentType } from "../../src/protocol/components";
import { resolveComponent } from "../../src/runtime/shortcuts";

const props = <T extends ComponentType>(c: li.Component<any, any, T>) => c.spec(0, "x").props;

describe("components: camera and microphone requests", () => {
  it("Webcam is an Image from the camera, its constraints in props.camera; mirror shows the preview mirrored", () => {
    const cam = new li.Webcam({ label: "cam", width: 320, height: 240, fps: 15, facingMode: "user", mirror: true, streaming: true });
    assert.ok(cam instanceof li.Image);
    assert.equal(cam.type, "image");
    assert.deepEqual(props(cam), { sources: ["webcam"], streaming: true, streamEvery: undefined, mirrorPreview: true, camera: { width: 320, height: 240, fps: 15, facingMode: "user" } });
    assert.deepEqual(props(new li.Webcam()).camera, {}, "nothing asked: the page's default (640x480)");
    // The same through Image.
    assert.deepEqual(props(new li.Image({ sources: ["webcam"], camera: { width: 320 }, mirror: true })), { sources: ["webcam"], streaming: false, streamEvery: undefined, mirrorPreview: true, camera: { width: 320 } });
    assert.equal(props(new li.Image({ mirrorPreview: true })).mirrorPreview, true, "the older name still works");
    // fn's value is the Image's: a frame, or what `type` says.
    const frame = { width: 1, height: 1, data: new Uint8ClampedArray(4) };
    assert.equal(new li.Webcam({ type: "png" }).preprocess(frame).mime, "image/png");
  });

  it("Microphone is an Audio from the microphone: sampleRate is fn's and the recording's, the rest in props.microphone", () => {
    const mic = new li.Microphone({ label: "mic", sampleRate: 16000, channels: 2, echoCancellation: true, noiseSuppression: true, streaming: true });
    assert.ok(mic instanceof li.Audio);
    assert.deepEqual(props(mic), { sources: ["microphone"], streaming: true, autoplay: false, streamEvery: undefined, sampleRate: 16000, microphone: { channels: 2, echoCancellation: true, noiseSuppression: true } });
    assert.deepEqual(props(new li.Audio({ microphone: { autoGainControl: true } })).microphone, { autoGainControl: true });
    // A chunk recorded at another rate (an upload) still reaches fn at 16 kHz.
    assert.equal(mic.preprocess({ sampleRate: 48000, channels: 2, data: new Float32Array(9600) }).data.length, 3200);
  });

  it("the shortcuts \"webcam\" and \"microphone\" are a Webcam and a Microphone", () => {
    assert.ok(resolveComponent("webcam", "inputs") instanceof li.Webcam);
    assert.ok(resolveComponent("microphone", "inputs") instanceof li.Microphone);
  });

  it("requests no device can meet are refused when the module builds them, saying what is expected", () => {
    assert.throws(() => new li.Webcam({ label: "cam", width: -5 }), /Image "cam": camera expects width as a whole number of pixels from 1 to 8192, not -5/);
    assert.throws(() => new li.Webcam({ fps: 0 }), /fps from 1 to 240, not 0/);
    assert.throws(() => new li.Webcam({ facingMode: "left" as never }), /facingMode "user" or "environment", not "left"/);
    assert.throws(() => new li.Image({ camera: { widht: 3 } as never }), /only width, height, fps and facingMode, not "widht"/);
    assert.throws(() => new li.Microphone({ label: "mic", channels: 6 as never }), /Audio "mic": expects channels 1 or 2, not 6/);
    assert.throws(() => new li.Microphone({ sampleRate: 100 }), /sampleRate in Hz, a whole number from 3000 to 768000, not 100/);
    assert.throws(() => new li.Audio({ microphone: { echoCancellation: "yes" } as never }), /echoCancellation true or false, not "yes"/);
  });

  it("fn's parameters are typed from Webcam and Microphone as from Image and Audio", () => {
    const iface = new li.Interface({
      fn: (frame, audio) => `${frame.width}x${frame.height} ${audio.sampleRate}`,
      inputs: [new li.Webcam(), new li.Microphone()],
      outputs: new li.Textbox(),
    });
    assert.ok(iface);
  });
});
