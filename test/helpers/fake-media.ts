// Files for Chromium's fake camera and microphone (--use-file-for-fake-video-capture=<y4m>,
// --use-file-for-fake-audio-capture=<wav>), made here so the tests know exactly what they contain.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A Y4M video whose every frame is bright on the left half and dark on the right half (a mirror
 * swaps them), with a dark square in the top-left corner (a mirror moves it to the right, an upside-down flip to the bottom).
 */
export function asymmetricY4m(file: string, width = 640, height = 480, fps = 30, frames = 30): string {
  const y = Buffer.alloc(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) y[r * width + c] = r < height / 8 && c < width / 8 ? 16 : c < width / 2 ? 235 : 16;
  }
  return greyY4m(file, width, height, fps, frames, () => y);
}

/**
 * A Y4M video of `frames` grey frames (U = V = 128: no colour, so pixel checks need no colour
 * conversion) whose luma plane `luma(n)` gives, `width` x `height` bytes.
 */
export function greyY4m(file: string, width: number, height: number, fps: number, frames: number, luma: (n: number) => Buffer): string {
  const uv = Buffer.alloc((width / 2) * (height / 2), 128);
  const fd = fs.openSync(file, "w");
  fs.writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  for (let f = 0; f < frames; f++) {
    fs.writeSync(fd, "FRAME\n");
    fs.writeSync(fd, luma(f));
    fs.writeSync(fd, uv);
    fs.writeSync(fd, uv);
  }
  fs.closeSync(fd);
  return file;
}

/** A mono 16-bit WAV of a sine tone. */
export function toneWav(file: string, frequency = 440, seconds = 4, rate = 48000, amplitude = 0.4): string {
  const n = Math.floor(seconds * rate);
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) data.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * i) / rate)), i * 2);
  const h = Buffer.alloc(44);
  h.write("RIFF", 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write("WAVEfmt ", 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36);
  h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
  return file;
}

/** Chromium flags for a fake camera (640x480 unless told) and microphone fed from fresh files of the kinds above. */
export function fakeMediaFlags(camera: { width: number; height: number } = { width: 640, height: 480 }): { flags: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-media-"));
  const video = asymmetricY4m(path.join(dir, "camera.y4m"), camera.width, camera.height);
  const audio = toneWav(path.join(dir, "tone.wav"));
  return {
    dir,
    flags: [
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
      `--use-file-for-fake-audio-capture=${audio}`,
      "--autoplay-policy=no-user-gesture-required",
    ],
  };
}

/** A 24-bit BMP image (a format every browser decodes, simple enough to write by hand). */
export function bmp(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + row * height);
  buf.write("BM", 0);
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(-height, 22); // negative: rows top to bottom
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const o = 54 + y * row + x * 3;
      buf[o] = b;
      buf[o + 1] = g;
      buf[o + 2] = r;
    }
  }
  return buf;
}
