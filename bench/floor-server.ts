// The floor: a bare page whose slider sends its value over a raw WebSocket to this separate Node
// process, which answers with the value doubled. No framework, no protocol, nothing to schedule.
// /camera is the floor of a streaming session (see cameraPage). For bytes, the same process offers
// bare sockets the throughput bench measures Chromium with:
//   /echo      sends every binary message back (one image's round trip, as ours makes it);
//   /source    on a text message "<size> <total>", sends `total` bytes in messages of `size`;
//   /sink      counts binary messages and answers "<bytes>" once a text message "end" arrives.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

const page = `<!doctype html><html><body>
<input id="x" type="range" min="0" max="100000" step="1" value="0" aria-label="x">
<output id="out" aria-label="double">0</output>
<script>
const ws = new WebSocket("ws://" + location.host + "/ws");
const x = document.getElementById("x"), out = document.getElementById("out");
x.addEventListener("input", () => ws.send(x.value));
ws.onmessage = (e) => { out.textContent = e.data; };
ws.onopen = () => document.body.dataset.ready = "1";
</script></body></html>`;

/**
 * The floor of a streaming session: the camera's newest frame (I420 bytes) goes to /echo and the
 * answer is drawn at the next animation frame; one frame in flight at a time. Counts data-frames.
 */
const cameraPage = `<!doctype html><html><body>
<video autoplay muted playsinline></video><canvas></canvas>
<script>
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const video = document.querySelector("video");
  video.srcObject = stream;
  await video.play();
  const canvas = document.querySelector("canvas"), g = canvas.getContext("2d");
  const ws = new WebSocket("ws://" + location.host + "/echo");
  ws.binaryType = "arraybuffer";
  await new Promise((r) => (ws.onopen = r));
  let latest, size, inFlight = false, drawn = 0;
  const sendLatest = async () => {
    if (inFlight || !latest) return;
    inFlight = true;
    const frame = latest;
    latest = undefined;
    size = { codedWidth: frame.codedWidth, codedHeight: frame.codedHeight };
    const bytes = new Uint8Array(frame.allocationSize());
    await frame.copyTo(bytes);
    frame.close();
    ws.send(bytes);
  };
  ws.onmessage = (e) => {
    const frame = new VideoFrame(new Uint8Array(e.data), { format: "I420", ...size, timestamp: 0 });
    requestAnimationFrame(() => {
      canvas.width = frame.displayWidth;
      canvas.height = frame.displayHeight;
      g.drawImage(frame, 0, 0);
      frame.close();
      document.body.dataset.frames = String(++drawn);
    });
    inFlight = false;
    sendLatest();
  };
  const reader = new MediaStreamTrackProcessor({ track: stream.getVideoTracks()[0] }).readable.getReader();
  for (;;) {
    const { value } = await reader.read();
    latest?.close();
    latest = value;
    sendLatest();
  }
})();
</script></body></html>`;

/**
 * The floor of the webcam flip as the user sees it: the camera's frames flipped left to right by the
 * page itself (the same loop as examples/webcam-flip.ts) and drawn at the next animation frame,
 * newest wins. No socket: what the browser alone does with each frame.
 */
const cameraFilterPage = `<!doctype html><html><body>
<video autoplay muted playsinline></video><canvas aria-label="mirrored"></canvas>
<script>
(async () => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } } });
  const video = document.querySelector("video");
  video.srcObject = stream;
  await video.play();
  const canvas = document.querySelector("canvas"), g = canvas.getContext("2d");
  let pending, scheduled = false;
  const mirror = (width, height, data) => {
    const out = new Uint8ClampedArray(data.length);
    const src = new Uint32Array(data.buffer, data.byteOffset, width * height), dst = new Uint32Array(out.buffer);
    for (let y = 0; y < height; y++) { const row = y * width; for (let x = 0; x < width; x++) dst[row + x] = src[row + width - 1 - x]; }
    return new ImageData(out, width, height);
  };
  const reader = new MediaStreamTrackProcessor({ track: stream.getVideoTracks()[0] }).readable.getReader();
  for (;;) {
    const { value: frame } = await reader.read();
    const { width, height } = frame.visibleRect;
    const rgba = new Uint8ClampedArray(width * height * 4);
    await frame.copyTo(rgba, { format: "RGBA", colorSpace: "srgb" });
    frame.close();
    pending = mirror(width, height, rgba);
    if (scheduled) continue;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (canvas.width !== pending.width) { canvas.width = pending.width; canvas.height = pending.height; }
      g.putImageData(pending, 0, 0);
    });
  }
})();
</script></body></html>`;

const routes: Record<string, (ws: WebSocket) => void> = {
  "/ws": (ws) => ws.on("message", (data) => ws.send(String(Number(data.toString()) * 2))),
  "/echo": (ws) => ws.on("message", (data, binary) => ws.send(data, { binary })),
  "/source": (ws) =>
    ws.once("message", (data) => {
      const [size, total] = data.toString().split(" ").map(Number) as [number, number];
      const chunk = Buffer.alloc(size, 1);
      let sent = 0;
      // Keep a few messages queued in the socket, no more: as a server streaming frames would.
      const pump = () => {
        while (sent < total && ws.bufferedAmount < 4 * size) {
          ws.send(chunk);
          sent += size;
        }
        if (sent < total) setTimeout(pump, 1);
      };
      pump();
    }),
  "/sink": (ws) => {
    let bytes = 0;
    ws.on("message", (data: Buffer, binary) => (binary ? (bytes += data.length) : ws.send(String(bytes))));
  },
};

const server = http.createServer((req, res) => {
  res.setHeader("content-type", "text/html");
  res.end(req.url === "/camera" ? cameraPage : req.url === "/camera-filter" ? cameraFilterPage : page);
});
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  const route = routes[req.url ?? ""];
  if (!route) return socket.destroy();
  wss.handleUpgrade(req, socket, head, route);
});
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
