// Where a live key press's time goes, browser mode, hop by hop: bench/fixtures/hops.ts (the latency
// probe's slider, and fn reporting when it started and ended) served by `live-interface serve`.
// The page records, on the page's clock: keydown, the input event, the WebSocket send that follows
// it, the arrival of the message that updates the output, the DOM update, and the next animation
// frame (the paint that shows it). fn's times are on the server's clock, as epoch ms; both are read
// as performance.timeOrigin + performance.now() on one machine. An offset between the two clocks
// would move time between "to fn" and "back to the page", never their sum.
import * as path from "node:path";
import { Client } from "../src/client";
import { launchChromium } from "../test/helpers/browser";
import { serveCli } from "../test/helpers/serve";
import { median, round2 } from "./latency";

export interface HopsBench {
  method: string;
  /** Median ms of each hop, in order; they add up to about total_ms (medians do not add exactly). */
  hops_ms: Record<string, number>;
  /** keydown -> DOM updated (the latency probe's measure). */
  total_ms: number;
  /** The same server called from Node (our Client, no browser): socket, server, worker, fn and back. */
  node_client_round_trip_ms: number;
  samples: number;
}

/** Installed before the page's own script: timestamps on the WebSocket's sends and message arrivals. */
const PROBE = `
  window.__hop = { sends: [], lastMessageAt: 0 };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) { window.__hop.sends.push(performance.now()); return send.call(this, data); };
  const add = WebSocket.prototype.addEventListener;
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type !== "message") return add.call(this, type, listener, options);
    return add.call(this, type, (ev) => { window.__hop.lastMessageAt = performance.now(); listener.call(this, ev); }, options);
  };
`;

export async function benchHops(presses: number): Promise<HopsBench> {
  const browser = await launchChromium();
  const server = await serveCli([path.join(__dirname, "fixtures/hops.ts")]);
  try {
    const page = await browser.newPage();
    await page.addInitScript(PROBE);
    await page.goto(server.url);
    const slider = page.getByLabel("x", { exact: true });
    await page.getByLabel("double", { exact: true }).waitFor();
    await page.evaluate(`(() => {
      const h = window.__hop;
      const out = document.querySelector('[aria-label="double"]');
      h.records = [];
      document.addEventListener("keydown", (e) => { h.keyAt = e.timeStamp; h.inputAt = 0; h.sends = []; }, true);
      document.addEventListener("input", () => { if (!h.inputAt) h.inputAt = performance.now(); }, true);
      new MutationObserver(() => {
        if (!h.keyAt || (out.textContent || "").trim() !== h.want) return;
        const domAt = performance.now();
        const r = { keyAt: h.keyAt, inputAt: h.inputAt, sentAt: h.sends.find((t) => t >= h.inputAt), messageAt: h.lastMessageAt, domAt };
        h.keyAt = 0;
        requestAnimationFrame(() => { r.frameAt = performance.now(); h.records.push(r); });
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await slider.focus();
    type Rec = { keyAt: number; inputAt: number; sentAt: number; messageAt: number; domAt: number; frameAt: number; fn: { start: number; end: number } };
    const records: Rec[] = [];
    for (let i = 0; i < presses; i++) {
      const next = Number(await slider.inputValue()) + 1;
      await page.evaluate(`window.__hop.want = "${next * 2}"`);
      await page.keyboard.press("ArrowRight");
      await page.waitForFunction((n) => (window as unknown as { __hop: { records: unknown[] } }).__hop.records.length === n, i + 1, { timeout: 5000 });
      // The trace output belongs to the same run: it arrived in the same message as the doubled value.
      const trace = (await page.getByLabel("trace", { exact: true }).textContent()) || "";
      const rec = (await page.evaluate(`window.__hop.records[${i}]`)) as Omit<Rec, "fn">;
      records.push({ ...rec, fn: JSON.parse(trace) as Rec["fn"] });
      await page.waitForTimeout(30);
    }
    const origin = (await page.evaluate("performance.timeOrigin")) as number;
    // What the server side takes without a browser: round trips of our Node client.
    const client = await Client.connect(server.url);
    const trips: number[] = [];
    for (let i = 0; i < presses; i++) {
      const t0 = performance.now();
      await client.predict(i);
      trips.push(performance.now() - t0);
    }
    client.close();
    const hop = (f: (r: Rec) => number) => round2(median(records.map(f)));
    return {
      method: `${presses} ArrowRight presses on the focused slider of bench/fixtures/hops.ts; per press, page timestamps (keydown, input event, WebSocket send, message arrival, DOM update, next animation frame) and fn's start and end on the server; medians`,
      hops_ms: {
        "key press -> input event (Chromium)": hop((r) => r.inputAt - r.keyAt),
        "input event -> message sent (our UI)": hop((r) => r.sentAt - r.inputAt),
        "sent -> fn starts (socket, server, worker)": hop((r) => r.fn.start - (origin + r.sentAt)),
        "fn runs": hop((r) => r.fn.end - r.fn.start),
        "fn returns -> output message in the page (worker, server, socket)": hop((r) => origin + r.messageAt - r.fn.end),
        "message -> DOM updated (our UI)": hop((r) => r.domAt - r.messageAt),
        "DOM updated -> next animation frame (paint)": hop((r) => r.frameAt - r.domAt),
      },
      total_ms: hop((r) => r.domAt - r.keyAt),
      node_client_round_trip_ms: round2(median(trips)),
      samples: records.length,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
