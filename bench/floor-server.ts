// The floor: a bare page whose slider sends its value over a raw WebSocket to this separate Node
// process, which answers with the value doubled. No framework, no protocol, nothing to schedule.
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

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

const server = http.createServer((_req, res) => res.end(page));
const wss = new WebSocketServer({ server, path: "/ws" });
wss.on("connection", (ws) => ws.on("message", (data) => ws.send(String(Number(data.toString()) * 2))));
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
