// A light run of the VS Code part of `npm run bench` (one sample each): it runs through the UI of a
// real code-server and reports sane numbers. The goals themselves are in BENCHMARKS.md, not here.
import * as assert from "node:assert/strict";
import { runBenchPart } from "../test/helpers/bench";

describe("npm run bench, VS Code part (smoke)", function () {
  this.timeout(240000);
  it("prints JSON with open-panel, save-to-preview, webview key-press, image round-trip, stream and webcam figures", async () => {
    const v = (await runBenchPart("vscode", 230000)).vscode;
    assert.ok(v, "the VS Code part ran");
    const open = v.open_panel_ms;
    for (const ms of [open.first, open.first_bare_webview, open.first_of_later_session, open.warm_median]) assert.ok(ms > 0 && ms < 60000, `open panel: ${JSON.stringify(open)}`);
    // Ours is asked for at the floor's moment of start-up (or later, if opening its files took longer).
    assert.ok(open.first_asked_at.ours >= open.first_asked_at.bare_webview - 50, `first panel asked for: ${JSON.stringify(open.first_asked_at)}`);
    assert.ok(v.save_to_preview_reloaded_ms.median > 0 && v.save_to_preview_reloaded_ms.median < 30000, `save -> preview: ${v.save_to_preview_reloaded_ms.median} ms`);
    const { p50, p95 } = v.webview_keypress_ms;
    assert.ok(p50 > 0 && p50 <= p95 && p95 < 2000, `webview key press: p50 ${p50} p95 ${p95}`);
    const image = v.webview_image_round_trip_ms;
    assert.ok(image.p50 > 0 && image.mb_s_each_way > 0, `webview 1 MiB round trip: ${JSON.stringify(image)}`);
    // The stream and the socket's ceiling, from the second window with no DevTools client on its page.
    const stream = v.webview_stream_to_page;
    // Three rounds of one run each (quick), each followed by the floors.
    assert.ok(stream.frames === 64 && stream.run_ms.length === 3 && stream.mb_s > 0, `webview stream: ${JSON.stringify(stream)}`);
    assert.ok(v.webview_floor_stream_drawn_mb_s > 0, `webview stream floor: ${v.webview_floor_stream_drawn_mb_s}`);
    const ceiling = v.webview_ws_ceiling_mb_s;
    assert.ok(ceiling.to_page > 0 && ceiling.from_page > 0, `webview socket ceiling: ${JSON.stringify(ceiling)}`);
    const inline = v.notebook_inline;
    assert.ok(inline.run_all_to_interactive_ms > 0 && inline.keypress_ms.p50 > 0 && inline.keypress_ms.p50 <= inline.keypress_ms.p95, `notebook inline: ${JSON.stringify(inline)}`);
    assert.ok(inline.webcam_640x480_flip.fps > 0, `webcam inline: ${JSON.stringify(inline.webcam_640x480_flip)}`);
  });

  it("prints the panel's webcam flip on screen beside its floor, with the hops", async function () {
    this.timeout(240000);
    const v = (await runBenchPart("vscode-screen", 230000)).vscode_screen;
    assert.ok(v, "the VS Code screen part ran");
    for (const who of [v.panel, v.floor]) {
      assert.ok(who.fps > 0 && who.fps < 61 && who.runs.length === 1, `on screen: ${JSON.stringify(who)}`);
      assert.ok(who.capture_to_display_ms.p50 > 0 && who.capture_to_display_ms.p50 <= who.capture_to_display_ms.p95, `latency: ${JSON.stringify(who.capture_to_display_ms)}`);
    }
    assert.equal(Object.keys(v.hops_ms).length, 4);
  });

  it("prints click -> first output for the first panel, the panel again and a notebook's Run All, split into hops", async function () {
    this.timeout(240000);
    const o = (await runBenchPart("vscode-open", 230000)).vscode_open;
    assert.ok(o, "the VS Code open part ran");
    for (const part of [o.panel_first, o.panel_again, o.notebook_run_all, o.notebook_run_all_again]) {
      assert.ok(part.runs.length === 1 && part.median.total_ms > 0 && part.median.total_ms < 60000, JSON.stringify(part));
      const hops = Object.values(part.median.hops_ms) as number[];
      assert.ok(hops.length >= 2 && hops.every((ms) => Number.isFinite(ms) && ms > -50), `hops: ${JSON.stringify(part.median.hops_ms)}`);
    }
  });
});
