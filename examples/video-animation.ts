// Streamed video: a generator draws an animation frame by frame and yields each with its timestamp.
// It draws faster than real time; the page plays the frames at their timestamps (30 a second), and
// holds the generator about a second ahead of what it shows. Pause, play, and save what was shown.
import * as li from "live-interface";

const WIDTH = 480;
const HEIGHT = 270;
const FPS = 30;

/** 256 colours around the hue circle, as little-endian RGBA words. */
const PALETTE = Uint32Array.from({ length: 256 }, (_, i) => {
  const channel = (shift: number) => Math.round(127.5 + 127.5 * Math.sin((2 * Math.PI * i) / 256 + shift));
  return (255 << 24) | (channel(4) << 16) | (channel(2) << 8) | channel(0);
});

/** Frame `i`: colour bands sliding diagonally, and a white ball bouncing off the edges. */
function drawFrame(i: number, speed: number): li.TimedFrame {
  const data = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  const pixels = new Uint32Array(data.buffer);
  const shift = Math.round(i * speed * 4);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) pixels[y * WIDTH + x] = PALETTE[(x + y + shift) & 255]!;
  }
  const bounce = (t: number, span: number) => span - Math.abs((t % (2 * span)) - span);
  const bx = 24 + bounce(i * speed * 7, WIDTH - 48);
  const by = 24 + bounce(i * speed * 5, HEIGHT - 48);
  for (let y = Math.floor(by - 20); y <= by + 20; y++) {
    for (let x = Math.floor(bx - 20); x <= bx + 20; x++) if ((x - bx) ** 2 + (y - by) ** 2 <= 400) pixels[y * WIDTH + x] = 0xffffffff;
  }
  return { width: WIDTH, height: HEIGHT, data, timestamp: i / FPS };
}

export default new li.Interface({
  fn: function* (seconds, speed) {
    for (let i = 0; i < seconds * FPS; i++) yield drawFrame(i, speed);
  },
  inputs: [
    new li.Slider({ label: "seconds", minimum: 1, maximum: 30, step: 1, value: 10 }),
    new li.Slider({ label: "speed", minimum: 0.5, maximum: 4, step: 0.5, value: 1 }),
  ],
  outputs: new li.Video({ label: "animation", streaming: true, fps: FPS }),
  live: true,
  title: "Video animation",
  description: "A generator yields 30 frames a second of an animation; the page plays them at their timestamps. Pause, play, or save what was shown as WebM.",
});
