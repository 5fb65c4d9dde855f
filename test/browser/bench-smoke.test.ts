import * as assert from "node:assert/strict";
import { runBenchPart } from "../helpers/bench";

// A light run of `npm run bench` (few samples): it runs and reports sane numbers. The timing goals
// themselves are not pass/fail here; BENCHMARKS.md has the full run.
describe("npm run bench (smoke)", function () {
  this.timeout(120000);
  it("prints one JSON object with latencies for ours and the floor, and burst times", async () => {
    const r = await runBenchPart("browser", 110000);
    for (const who of ["floor", "ours"]) {
      const { p50, p95 } = r.live_keypress_ms[who];
      assert.ok(p50 > 0 && p50 <= p95 && p95 < 1000, `${who}: p50 ${p50} p95 ${p95}`);
    }
    for (const mode of ["one_task", "separate_tasks"]) {
      const b = r.burst_100_changes_20ms_fn_ms[mode];
      assert.ok(b.median >= 20 && b.max < 5000, `${mode}: a 20 ms fn cannot answer in under 20 ms (${b.median})`);
    }
    assert.equal(r.machine.cores > 0, true);
  });

  it("prints the per-hop breakdown of a key press, adding up to about the whole", async () => {
    const r = await runBenchPart("hops", 110000);
    const { hops_ms, total_ms, node_client_round_trip_ms } = r.hops;
    const hops = Object.values(hops_ms) as number[];
    assert.equal(hops.length, 7);
    assert.ok(hops.every((ms) => ms >= -5 && ms < 1000), `hops: ${JSON.stringify(hops_ms)}`);
    // The hops up to the DOM update (all but the paint) are medians of parts of the total.
    const toDom = hops.slice(0, 6).reduce((a, b) => a + b, 0);
    assert.ok(total_ms > 0 && Math.abs(toDom - total_ms) < Math.max(5, total_ms / 2), `hops ${toDom} ms vs total ${total_ms} ms`);
    assert.ok(node_client_round_trip_ms > 0 && node_client_round_trip_ms < 1000, `client: ${node_client_round_trip_ms}`);
  });

  it("prints the throughput part: 1 MiB frames round trip, ours and the floor, a stream of them to the page, and Chromium's ceiling", async () => {
    const t = (await runBenchPart("throughput", 110000)).throughput;
    assert.equal(t.frame_bytes, 2 ** 20);
    for (const who of [t.ours, t.floor]) assert.ok(who.round_trip_ms.p50 > 0 && who.mb_s_each_way > 0, JSON.stringify(who));
    // A round trip carries the MiB both ways: it cannot beat the socket's one-way ceiling.
    assert.ok(t.ours.mb_s_each_way < t.chromium_ws_ceiling_mb_s.to_page * 2, JSON.stringify(t));
    // One streamed run per round (quick: 1), timed to its end: it took all 64 MiB.
    const s = t.ours_stream_to_page;
    assert.ok(s.frames === 64 && s.run_ms.length === 1 && s.run_ms[0]! > 0 && s.mb_s > 0, JSON.stringify(s));
    assert.ok(s.mb_s < t.chromium_ws_ceiling_mb_s.to_page * 2, JSON.stringify(t));
    assert.ok(t.floor_stream_drawn_mb_s > 0 && t.floor_stream_drawn_mb_s < t.chromium_ws_ceiling_mb_s.to_page * 2, JSON.stringify(t));
  });

  it("prints the many-sessions part: frame rates of tabs streaming at once, ours and the floor", async () => {
    const [s] = (await runBenchPart("sessions", 110000)).sessions;
    assert.equal(s.ours_fps.per_session.length, 3);
    assert.ok(s.ours_fps.min > 0 && s.floor_fps.min > 0, `every tab drew frames: ${JSON.stringify(s)}`);
    assert.ok(s.rounds.length === 1 && s.ratio_median === s.rounds[0]!.ratio && s.ratio_median > 0, `rounds: ${JSON.stringify(s.rounds)}`);
  });

  it("prints the streaming part: the webcam on screen beside its floor, with the hops; streamed audio's first sound and gaps", async () => {
    const r = await runBenchPart("streams", 110000);
    const { webcam_640x480_flip_on_screen: w, streamed_audio: a } = r.streams;
    for (const who of [w.ours, w.floor]) {
      assert.ok(who.fps > 0 && who.fps < 61 && who.runs.length === 1 && who.runs[0].perSecond.length >= 2, `on screen: ${JSON.stringify(who)}`);
      assert.ok(who.capture_to_display_ms.p50 > 0 && who.capture_to_display_ms.p50 <= who.capture_to_display_ms.p95, `latency: ${JSON.stringify(who.capture_to_display_ms)}`);
    }
    const hops = Object.values(w.hops_ms) as number[];
    assert.ok(hops.length === 4 && hops.every((ms) => ms > -5 && ms < 2000), `hops: ${JSON.stringify(w.hops_ms)}`);
    assert.ok(a.first_sound_ms > 0 && a.played_s > 1, `audio: first sound ${a.first_sound_ms} ms, played ${a.played_s} s`);
  });

  it("prints the soak: memory of the server and the page over a stream, frames shown, stalls", async () => {
    const r = await runBenchPart("soak", 110000);
    const k = r.soak;
    assert.equal(k.seconds, 15);
    assert.ok(k.server_rss_mb.warm > 10 && k.page_js_heap_mb.warm > 0, `memory sampled: ${JSON.stringify(k.server_rss_mb)} ${JSON.stringify(k.page_js_heap_mb)}`);
    assert.ok(k.frames_shown > 0 && k.fps > 0, `frames shown: ${k.frames_shown}`);
  });

  it("prints the load part: a slow fn at concurrencyLimit 1 and 2, a quick fn at 100 and 1000 callers, callers coming and going", async () => {
    const l = (await runBenchPart("load", 110000)).load;
    for (const limit of ["1", "2"]) {
      const x = l.slow_fn.by_limit[limit];
      assert.equal(x.calls, 20);
      assert.ok(x.calls_s > 0 && x.wait_ms.p50 >= 0 && x.wait_ms.p50 <= x.wait_ms.p95, `limit ${limit}: ${JSON.stringify(x)}`);
      // A call's latency is its wait and its run (300 ms of CPU): never less than the run.
      assert.ok(x.latency_ms.p50 >= x.run_ms.p50 && x.run_ms.p50 > 100, `limit ${limit}: ${JSON.stringify(x)}`);
      // The module's 50 MB are resident in its thread.
      assert.ok(x.rss_mb.idle > 50 && x.rss_mb.peak >= x.rss_mb.idle - 5, `limit ${limit}: ${JSON.stringify(x.rss_mb)}`);
    }
    for (const callers of ["100", "1000"]) {
      const q = l.quick_fn.by_callers[callers].ours;
      assert.ok(q.calls_s > 0 && q.latency_ms.p50 > 0 && q.latency_ms.p50 <= q.latency_ms.p95 && q.server_cpu_ms_per_1000_calls > 0, `${callers}: ${JSON.stringify(q)}`);
      assert.equal(q.errors, 0, `${callers}: ${JSON.stringify(q.error_messages)}`);
    }
    // Every call waited for was answered or refused with the line's reason.
    const k = l.soak;
    assert.equal(k.seconds, 8);
    assert.equal(k.calls.other_errors, 0, JSON.stringify(k.error_messages));
    assert.ok(k.calls.ok > 0 && k.calls.ok + k.calls.refused_queue_full === k.calls.waited_for, JSON.stringify(k.calls));
    assert.ok(k.final_call.ok && k.rss_mb.samples.length > 0, JSON.stringify(k));
  });
});
