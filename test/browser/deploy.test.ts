// Deploying as docs/deploy.md says: two `live-interface serve` replicas (real CLI processes) sharing a
// token, a real nginx in front running the configuration read from that page (only its ports, name
// and certificate changed), TLS, sticky sessions by cookie and a root path, and Chromium through it.
//
// Stickiness: every client here is 127.0.0.1, so ip_hash would send all of them to one replica, and
// a per-connection key ($remote_port) would split a page from its socket. The documented cookie
// (a random key set on a browser's first request, hashed on every later one) pins a browser: each
// browser context below has its own cookie jar, like a separate browser, and lands on a replica by
// its own random key, so a few of them reach both replicas; nginx's own access log then shows that
// all of a context's requests (pages, assets, socket) went to one replica.
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import WebSocket from "ws";
import { encodeFrame } from "../../src/protocol/framing";
import { decodeMessages } from "../../src/protocol/outbox";
import type { ServerMessage } from "../../src/protocol/messages";
import { launchChromium, pixels, shownText, until } from "../helpers/browser";
import { CLI, finished, watch, type Watched } from "../helpers/cli";
import { fakeMediaFlags } from "../helpers/fake-media";
import { freePorts, nginxBlock, selfSignedCert, startNginx, substitute, type RunningNginx } from "../helpers/nginx";
import { example, fixture } from "../helpers/serve";

const NAME = "apps.example.test";
const ROOT = "/apps/demo";
const TOKEN = randomBytes(16).toString("hex");

interface Replica {
  name: string;
  child: ChildProcess;
  out: Watched;
  port: number;
}

/** Starts `live-interface serve` with the shared token; `name` is what its fn says (LI_REPLICA). */
async function startReplica(name: string, args: string[]): Promise<Replica> {
  const child = spawn(process.execPath, [CLI, "serve", fixture("whoami.ts"), example("webcam-flip.ts"), "--port", "0", "--concurrency", "2", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LIVE_INTERFACE_TOKEN: TOKEN, LI_REPLICA: name },
  });
  const out = watch(child);
  const [, port] = await out.until(new RegExp(`^(?:Directly on this machine: )?http://127\\.0\\.0\\.1:(\\d+)${ROOT}/\\?token=`, "m"));
  return { name, child, out, port: Number(port) };
}

describe("deploying behind nginx: two replicas, TLS, sticky sessions, a root path (docs/deploy.md)", function () {
  this.timeout(180000);
  const media = fakeMediaFlags();
  const certDir = fs.mkdtempSync(path.join(os.tmpdir(), "li-tls-"));
  const tls = selfSignedCert(certDir, NAME);
  const ca = fs.readFileSync(tls.cert);
  let replicas: Replica[] = [];
  let nginx: RunningNginx | undefined;
  let browser: Browser | undefined;
  let httpsPort = 0;
  let httpPort = 0;
  const site = () => `https://${NAME}:${httpsPort}${ROOT}`;
  const problems: string[] = [];

  before(async () => {
    [httpsPort, httpPort] = (await freePorts(2)) as [number, number];
    // One replica given the public URL (it prints that URL and allows its host), one the path and --allow-host.
    replicas = await Promise.all([startReplica("A", ["--root-path", site()]), startReplica("B", ["--root-path", ROOT, "--allow-host", NAME])]);
    const config = substitute(nginxBlock(path.resolve(__dirname, "../../docs/deploy.md")), [
      ["apps.example.com", NAME, 4],
      ["listen 80;", `listen 127.0.0.1:${httpPort};`, 1],
      ["listen 443 ssl;", `listen 127.0.0.1:${httpsPort} ssl;`, 1],
      [`/etc/letsencrypt/live/${NAME}/fullchain.pem`, tls.cert, 1],
      [`/etc/letsencrypt/live/${NAME}/privkey.pem`, tls.key, 1],
      ["server 127.0.0.1:7861;", `server 127.0.0.1:${replicas[0]!.port};`, 1],
      ["server 127.0.0.1:7862;", `server 127.0.0.1:${replicas[1]!.port};`, 1],
    ]);
    nginx = await startNginx(config, [httpPort, httpsPort]);
    // The name resolves to this machine, and the test certificate is trusted (a secure context: the camera works).
    const spki = createHash("sha256").update(new X509Certificate(ca).publicKey.export({ type: "spki", format: "der" })).digest("base64");
    browser = await launchChromium([...media.flags, `--host-resolver-rules=MAP ${NAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`]);
  });

  after(async () => {
    await browser?.close();
    await nginx?.stop();
    await Promise.all(
      replicas.map((r) => {
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        const done = finished(r.child);
        r.child.kill("SIGTERM");
        return done;
      }),
    );
    fs.rmSync(certDir, { recursive: true, force: true });
    fs.rmSync(media.dir, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === "failed" && nginx) console.log(`nginx error log:\n${nginx.errorLog()}\naccess log:\n${nginx.accessLog()}`);
    assert.deepEqual(problems.splice(0), [], "no page errors or CSP violations");
  });

  /** A fresh browser context (its own cookie jar: another browser, as far as nginx can tell) with a page. */
  async function newBrowser(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser!.newContext();
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => (m.type() === "error" || /Content Security Policy/i.test(m.text())) && problems.push(`console: ${m.text()}`));
    return { context, page };
  }

  it("each replica prints the URL to hand out: the public one with the root path, the shared token", () => {
    assert.match(replicas[0]!.out.output(), new RegExp(`^https://${NAME}:${httpsPort}${ROOT}/\\?token=${TOKEN}$`, "m"));
    assert.match(replicas[1]!.out.output(), new RegExp(`^http://127\\.0\\.0\\.1:${replicas[1]!.port}${ROOT}/\\?token=${TOKEN}$`, "m"));
  });

  it("through nginx: the gallery under the prefix links to the live interface, typing runs fn; each browser stays on one replica, and both replicas serve someone", async () => {
    const served = new Map<string, string>(); // sticky key -> the replica whose fn answered
    for (let i = 1; new Set(served.values()).size < 2; i++) {
      // A fair coin per browser: 16 browsers all on one replica would happen once in 30,000 runs.
      assert.ok(i <= 16, `16 browsers, all served by ${[...served.values()].join(", ")}: the cookie's key does not spread them`);
      const { context, page } = await newBrowser();
      await page.goto(`${site()}/?token=${TOKEN}`);
      await page.getByRole("link", { name: /Who answers/ }).click();
      await page.waitForURL(`${site()}/app/whoami/?token=${TOKEN}`);
      await page.getByLabel("text", { exact: true }).fill(`browser ${i}`);
      await until(`browser ${i}: fn answered`, async () => / from [AB]$/.test(await shownText(page, "echo")), 20000);
      const replica = (await shownText(page, "echo")).slice(-1);
      assert.equal(await shownText(page, "echo"), `BROWSER ${i} from ${replica}`);
      const [cookie] = (await context.cookies()).filter((c) => c.name === "li_sticky");
      assert.ok(cookie, "nginx set the sticky cookie");
      assert.deepEqual([cookie.path, cookie.secure, cookie.httpOnly], [`${ROOT}/`, true, true]);
      // Another tab of the same browser: the same replica.
      const tab = await context.newPage();
      await tab.goto(`${site()}/app/whoami/?token=${TOKEN}`);
      await tab.getByLabel("text", { exact: true }).fill("tab");
      await until(`browser ${i}'s second tab: fn answered`, async () => (await shownText(tab, "echo")) === `TAB from ${replica}`, 20000);
      served.set(cookie.value, replica);
      await context.close(); // its sockets close: nginx logs them
    }
    // nginx's own record: every request of a browser (pages, assets, its sockets) went to its replica.
    const port = (name: string) => String(replicas.find((r) => r.name === name)!.port);
    for (const [key, replica] of served) {
      await until("nginx logged the browser's sockets", () => nginx!.accessLog().split("\n").filter((l) => l.startsWith(`${key} `) && / 101 \/apps\/demo\/ws\/whoami\?/.test(l)).length === 2);
      const lines = nginx!.accessLog().split("\n").filter((l) => l.startsWith(`${key} `));
      assert.ok(lines.length >= 8, `the gallery, two pages, their assets and sockets:\n${lines.join("\n")}`);
      for (const line of lines) assert.equal(line.split(" ")[1], `127.0.0.1:${port(replica)}`, line);
    }
  });

  it("through nginx: a webcam stream comes back mirrored, frame after frame", async () => {
    const { context, page } = await newBrowser();
    try {
      await page.goto(`${site()}/app/webcam-flip/?token=${TOKEN}`);
      await page.getByRole("button", { name: "Start recording camera" }).click();
      const canvas = page.getByLabel("mirrored", { exact: true });
      await until("the 10th mirrored frame is shown", async () => Number(await canvas.getAttribute("data-frames")) >= 10, 60000);
      const [left, right, cornerTopRight] = await pixels(page, "mirrored", [[0.25, 0.5], [0.75, 0.5], [0.97, 0.03]]);
      assert.ok(left! < 60 && right! > 190 && cornerTopRight! < 60, `mirrored: left ${left} dark, right ${right} bright, dark corner at the top right (${cornerTopRight})`);
      await page.getByRole("button", { name: "Stop recording camera" }).dispatchEvent("click");
    } finally {
      await context.close();
    }
  });

  it("through nginx: refused without the token, for a foreign Host or Origin; a 2 MiB message passes; plain HTTP goes to HTTPS", async () => {
    const request = (pathname: string, host = `${NAME}:${httpsPort}`) =>
      new Promise<number>((resolve, reject) => {
        https.get({ host: "127.0.0.1", port: httpsPort, path: pathname, servername: NAME, ca, headers: { Host: host } }, (res) => (res.resume(), resolve(res.statusCode!))).on("error", reject);
      });
    // The TLS name checked is NAME's (ws passes servername on to https.request; its types omit it).
    const tlsOptions: WebSocket.ClientOptions & { servername: string } = { servername: NAME, ca, headers: { Host: `${NAME}:${httpsPort}` } };
    const socket = (query: string) => new WebSocket(`wss://127.0.0.1:${httpsPort}${ROOT}/ws/whoami${query}`, tlsOptions);
    /** 101 once the socket is open, or the status it was refused with. */
    const upgradeStatus = (ws: WebSocket) =>
      new Promise<number>((resolve) => {
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode!));
        ws.once("open", () => resolve(101));
      });
    assert.equal(await request(`${ROOT}/`), 401, "the gallery without the token");
    assert.equal(await request(`${ROOT}/app/whoami/?token=wrong`), 401, "a page with a wrong token");
    assert.equal(await request(`${ROOT}/assets/app.js`), 401, "an asset without the token");
    assert.equal(await upgradeStatus(socket("")), 401, "the socket without the token");
    const foreign = new WebSocket(`wss://127.0.0.1:${httpsPort}${ROOT}/ws/whoami?token=${TOKEN}`, { ...tlsOptions, origin: "https://evil.example" });
    assert.equal(await upgradeStatus(foreign), 403, "a socket from another site's page");
    assert.equal(await request(`${ROOT}/?token=${TOKEN}`, "evil.example"), 421, "a name no replica was told about");
    assert.equal(await request(`${ROOT}/?token=${TOKEN}`), 200);

    // Uploads travel inside the socket: nginx's 1 MiB client_max_body_size does not apply. (700,000
    // characters of 3 bytes each: a Textbox takes at most a million characters.)
    const ws = socket(`?token=${TOKEN}`);
    const received: ServerMessage[] = [];
    ws.on("message", (data: Buffer) => received.push(...decodeMessages(data)));
    assert.equal(await upgradeStatus(ws), 101);
    await until("the config arrived", () => received.some((m) => m.type === "config"));
    const big = encodeFrame({ type: "input", changes: [[0, "€".repeat(700_000)]] });
    assert.ok(big.byteLength > 2 * 1024 * 1024);
    ws.send(big);
    await until("fn's answer to 2 MiB came back", () => received.some((m) => m.type === "output" && /^€{700000} from [AB]$/.test(String(m.values[0]))), 20000);
    ws.close();

    const redirect = await new Promise<http.IncomingMessage>((resolve, reject) => http.get({ host: "127.0.0.1", port: httpPort, path: `${ROOT}/?token=${TOKEN}`, headers: { Host: NAME } }, resolve).on("error", reject));
    redirect.resume();
    assert.equal(redirect.statusCode, 301);
    assert.equal(redirect.headers.location, `https://${NAME}${ROOT}/?token=${TOKEN}`);
  });

  it("when a replica stops, its browsers' pages reconnect through nginx to the other one (last: it stops one)", async () => {
    const { context, page } = await newBrowser();
    try {
      await page.goto(`${site()}/app/whoami/?token=${TOKEN}`);
      await page.getByLabel("text", { exact: true }).fill("before");
      await until("fn answered", async () => /^BEFORE from [AB]$/.test(await shownText(page, "echo")), 20000);
      const name = (await shownText(page, "echo")).slice(-1);
      const replica = replicas.find((r) => r.name === name)!;
      const stopped = finished(replica.child);
      replica.child.kill("SIGTERM");
      await stopped;
      await page.getByLabel("text", { exact: true }).fill("after");
      const other = name === "A" ? "B" : "A";
      await until(`the page reconnected to ${other} and fn answered there`, async () => (await shownText(page, "echo")) === `AFTER from ${other}`, 60000);
    } finally {
      await context.close();
    }
  });
});
