// `live-interface serve` as a user meets it in a terminal: its help, its refusals of bad options (exit
// 2, the option named), ports, the network, stopping, and a fn's error printed where the user looks.
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { Client } from "../../src/client";
import { CLI, finished, runCli, startCli, watch } from "../helpers/cli";
import { tempModules } from "../helpers/modules";
import { example, fixture } from "../helpers/serve";
import { connectWs, isType } from "../helpers/ws-client";

/** GET `url` (optionally with another Host header): the status and the body. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body }));
      })
      .on("error", reject);
  });
}

/** Resolves with the error code of a TCP connection to `port` (ECONNREFUSED once nothing listens), "open" if one is accepted. */
function connect(port: number, host = "127.0.0.1"): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once("connect", () => (socket.destroy(), resolve("open")));
    socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** A TCP server holding `port` (0: any) on 127.0.0.1; resolves with its port, or undefined when it is already taken. */
function holdPort(port: number): Promise<{ port: number; server: net.Server } | undefined> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => (err.code === "EADDRINUSE" ? resolve(undefined) : reject(err)));
    server.listen(port, "127.0.0.1", () => resolve({ port: (server.address() as net.AddressInfo).port, server }));
  });
}

const GREETER = fixture("greeter.ts");

describe("live-interface serve: the command line", function () {
  this.timeout(60000);

  it("--help prints the usage (and says it does not type-check) and exits 0", async () => {
    for (const args of [["serve", "--help"], ["--help"], ["serve", GREETER, "-h"]]) {
      const run = await runCli(args);
      assert.equal(run.code, 0, args.join(" "));
      assert.match(run.stdout, /^Usage: live-interface serve <module\.ts \| folder>\.\.\. \[options\]/);
      assert.match(run.stdout, /--allow-host <name>/);
      assert.match(run.stdout, /--concurrency <n> +runs at once, across all sessions, of an interface whose concurrencyLimit\s+is unset or "default"/);
      assert.match(run.stdout, /--root-path <path>/);
      assert.match(run.stdout, /LIVE_INTERFACE_TOKEN/);
      assert.match(run.stdout, /without type-checking[\s\S]*npx tsc --noEmit/);
      assert.equal(run.stderr, "");
    }
  });

  it("refuses each bad option with a message naming it, and exit code 2", async () => {
    const cases: [string[], RegExp][] = [
      [["--timeout", "abc"], /--timeout must be a number of seconds greater than 0, not "abc"/],
      [["--timeout", "-1"], /--timeout must be a number of seconds greater than 0, not "-1"/],
      [["--timeout=0"], /--timeout must be .* not "0"/],
      [["--port", "abc"], /--port must be a whole number from 0 to 65535 .* not "abc"/],
      [["--port", "70000"], /--port must be a whole number from 0 to 65535 .* not "70000"/],
      [["--port", "80", "--port", "81"], /--port is given twice/],
      [["--port"], /--port needs a value/],
      [["--host", "not a host"], /--host must be an address .* not "not a host"/],
      [["--allow-host", "https://proxy.example/"], /--allow-host must be a host name or address/],
      [["--concurrency", "0"], /--concurrency must be a whole number of runs at once, at least 1, not "0"/],
      [["--concurrency=2.5"], /--concurrency must be .* not "2\.5"/],
      [["--concurrency", "many"], /--concurrency must be .* not "many"/],
      [["--root-path", "apps/demo"], /--root-path must be a path like \/apps\/demo .* or a full URL like https:\/\/apps\.example\.com\/apps\/demo, not "apps\/demo"/],
      [["--root-path", "/apps/../etc"], /--root-path must be a path like .* not "\/apps\/\.\.\/etc"/],
      [["--root-path", "https://proxy.example/demo?x=1"], /--root-path must be .* not "https:\/\/proxy\.example\/demo\?x=1"/],
      [["--verbose"], /unknown option --verbose/],
      [["-p", "80"], /unknown option -p/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(["serve", GREETER, ...args])));
    runs.forEach((run, i) => {
      const [args, message] = cases[i]!;
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, message, args.join(" "));
      assert.match(run.stderr, /live-interface serve --help/);
      assert.doesNotMatch(run.stdout + run.stderr, /http:\/\/|    at /, "no server, no stack trace");
    });
    const others: [string[], RegExp][] = [
      [["serve"], /no module given/],
      [["serve", "no-such-module.ts"], /no-such-module\.ts: no such file or folder/],
      [["srve", GREETER], /unknown command "srve"/],
      [[], /no command given/],
    ];
    for (const [args, message] of others) {
      const run = await runCli(args);
      assert.equal(run.code, 2, args.join(" "));
      assert.match(run.stderr, message);
    }
  });

  it("LIVE_INTERFACE_TOKEN: a weak one is refused without being printed (exit 2); a good one is the token required", async () => {
    const withToken = (token: string, args: string[] = []) =>
      spawn(process.execPath, [CLI, "serve", GREETER, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LIVE_INTERFACE_TOKEN: token } });
    for (const weak of ["secret", "a-token-with-spaces in-it-xyz"]) {
      const run = await finished(withToken(weak));
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /LIVE_INTERFACE_TOKEN must be at least 22 characters, each A-Z a-z 0-9 _ or -/);
      assert.ok(!(run.stdout + run.stderr).includes(weak), "the token is not printed");
    }
    const token = "0123456789abcdef0123456789abcdef";
    const child = withToken(token);
    try {
      const out = watch(child);
      const [line] = await out.until(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m);
      const url = new URL(line);
      assert.equal(url.searchParams.get("token"), token);
      assert.equal((await get(url.href)).status, 200);
      assert.equal((await get(url.href.replace(token, token.replace("0", "1")))).status, 401);
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });

  it("--concurrency 2: two callers' runs are in fn at once (fn waits until it sees both)", async () => {
    const met = fs.mkdtempSync(path.join(os.tmpdir(), "li-met-"));
    const dir = tempModules({
      "meet.ts": `import * as fs from "node:fs";
import * as li from "live-interface";
// Each run leaves its name in a folder and ends once another run's name is there too: only runs in fn at the same time meet.
export default new li.Interface({
  fn: async (name: string) => {
    fs.writeFileSync(${JSON.stringify(met)} + "/" + name, "");
    while (fs.readdirSync(${JSON.stringify(met)}).length < 2) await new Promise((r) => setTimeout(r, 10));
    return name + " met " + fs.readdirSync(${JSON.stringify(met)}).filter((n) => n !== name).join();
  },
  inputs: "text",
  outputs: "text",
});
`,
    });
    const { child, url } = await startCli(["serve", path.join(dir, "meet.ts"), "--port", "0", "--concurrency", "2"]);
    try {
      const [a, b] = await Promise.all([Client.connect(url.href), Client.connect(url.href)]);
      assert.deepEqual(await Promise.all([a!.predict("ann"), b!.predict("bob")]), ["ann met bob", "bob met ann"]);
      a!.close();
      b!.close();
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });

  it("--root-path: printed in the URL; pages answer with the prefix passed on or stripped; a full URL is printed and its host allowed", async () => {
    const { child, out, url } = await startCli(["serve", example("calculator.ts"), example("webcam-flip.ts"), "--port", "0", "--root-path", "https://apps.example.com/apps/demo/"], /^Directly on this machine: (http:\/\/127\.0\.0\.1:\d+\/apps\/demo\/\?token=[\w-]+)$/m);
    try {
      const token = url.searchParams.get("token")!;
      assert.match(out.output(), new RegExp(`^Live Interface: open this URL in your browser \\(through the proxy\\):\\nhttps://apps\\.example\\.com/apps/demo/\\?token=${token}$`, "m"));
      const status = async (p: string, host = url.host) => (await get(`${url.origin}${p}`, { Host: host })).status;
      for (const prefix of ["/apps/demo", ""]) {
        assert.equal(await status(`${prefix}/?token=${token}`), 200, `${prefix}/: the gallery`);
        assert.equal(await status(`${prefix}/app/calculator/?token=${token}`), 200, `${prefix}/app/calculator/`);
        assert.equal(await status(`${prefix}/assets/app.js?token=${token}`), 200, `${prefix}/assets/app.js`);
        assert.equal(await status(`${prefix}/app/calculator/`), 401, `${prefix}: the token is still required`);
      }
      const gallery = (await get(`${url.origin}/apps/demo/?token=${token}`)).body;
      assert.ok(gallery.includes(`href="app/calculator/?token=${token}"`), "the gallery links relative to itself");
      assert.ok(gallery.includes(`href="assets/app.css?token=${token}"`));
      const redirect = await new Promise<http.IncomingMessage>((r) => http.get(`${url.origin}/apps/demo?token=${token}`, r));
      assert.equal(redirect.statusCode, 301);
      assert.equal(redirect.headers.location, `demo/?token=${token}`, "to the root path with its slash");
      // The Node client finds the socket relative to the URL it is given, with the prefix or without.
      for (const prefix of ["/apps/demo", ""]) {
        const client = await Client.connect(`${url.origin}${prefix}/app/calculator/?token=${token}`);
        assert.equal(await client.predict(6, "multiply", 7), 42, `the client through ${prefix || "/"}`);
        client.close();
      }
      assert.equal(await status(`/apps/demo/?token=${token}`, "apps.example.com"), 200, "the public URL's host is allowed");
      assert.equal(await status(`/apps/demo/?token=${token}`, "evil.example"), 421);
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });

  it("a port given explicitly that is taken is an error naming it (exit 1), not another port", async () => {
    const held = (await holdPort(0))!;
    try {
      const run = await runCli(["serve", GREETER, "--port", String(held.port)]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, new RegExp(`port ${held.port} is in use .*--port 0 for any free one`));
      assert.doesNotMatch(run.stdout, /http:\/\//);
    } finally {
      held.server.close();
    }
  });

  it("without --port, a taken 7860 moves to the next free port, and says so", async () => {
    const held = await holdPort(7860); // undefined: something else already holds it, which serves as well
    const { child, out, url } = await startCli(["serve", GREETER]);
    try {
      const [, moved] = (await out.until(/^Port 7860 is in use: serving on port (\d+) instead\.$/m))!;
      assert.equal(url.port, moved);
      assert.notEqual(url.port, "7860");
      assert.equal((await get(url.href)).status, 200);
    } finally {
      child.kill("SIGTERM");
      await finished(child);
      held?.server.close();
    }
  });

  it("--host 0.0.0.0 prints the network URLs and a warning, and keeps the Host check: this machine's names and --allow-host ones", async () => {
    const { child, out, url } = await startCli(["serve", GREETER, "--host", "0.0.0.0", "--port", "0", "--allow-host", "proxy.example"]);
    try {
      const token = url.searchParams.get("token")!;
      await out.until(/^Warning: listening on 0\.0\.0\.0, this interface is on the network: .*token/m);
      const addresses = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).filter((a) => a.family === "IPv4" && !a.internal).map((a) => a.address);
      for (const a of addresses) {
        assert.ok(out.output().includes(`http://${a}:${url.port}/?token=${token}\n`), `${a} printed:\n${out.output()}`);
        assert.equal((await get(`http://${a}:${url.port}/?token=${token}`)).status, 200, `reachable on ${a}`);
      }
      const withHost = async (host: string, withToken = true) => (await get(withToken ? url.href : url.origin + "/", { Host: host })).status;
      assert.equal(await withHost(`evil.example:${url.port}`), 421, "a foreign name is still refused");
      assert.equal(await withHost(`${os.hostname()}:${url.port}`), 200, "the machine's name");
      assert.equal(await withHost(`localhost:${url.port}`), 200);
      assert.equal(await withHost("proxy.example"), 200, "a name given with --allow-host, on the proxy's port");
      assert.equal(await withHost("proxy.example", false), 401, "still with the token only");
      assert.equal(await withHost(`${os.hostname()}:1`), 421, "the machine's name on another port");
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} stops the server and its workers, even one looping in fn, and exits 0`, async () => {
      const { child, url } = await startCli(["serve", fixture("faults.ts"), "--port", "0"]);
      const ws = await connectWs(url.href);
      ws.send({ type: "call", id: "c1", values: ["loop"] });
      await ws.next(isType("run-start"));
      child.kill(signal);
      const end = await finished(child);
      assert.equal(end.code, 0, `${end.signal} ${end.stderr}`);
      assert.equal(await connect(Number(url.port)), "ECONNREFUSED");
    });
  }

  it("stops when the npx that started it is killed (SIGKILL: it cannot pass anything on)", async () => {
    // A project with the package installed (a link to this repository), so that npx finds its bin offline.
    const project = tempModules({ "package.json": JSON.stringify({ name: "user-project", private: true, dependencies: { "live-interface": "*" } }) });
    fs.mkdirSync(path.join(project, "node_modules", ".bin"), { recursive: true });
    fs.symlinkSync(path.resolve(__dirname, "../.."), path.join(project, "node_modules", "live-interface"));
    fs.symlinkSync(CLI, path.join(project, "node_modules", ".bin", "live-interface"));
    const npx = spawn("npx", ["--offline", "live-interface", "serve", GREETER, "--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const out = watch(npx);
    const [line] = await out.until(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+$/m, 40000);
    const port = Number(new URL(line).port);
    npx.kill("SIGKILL");
    // Our pipes close only once the CLI (and the `sh -c` npm put between), which hold them too, exited.
    await finished(npx);
    assert.match(out.output(), /stopping \(the npm process that started it ended\)/);
    assert.equal(await connect(port), "ECONNREFUSED");
  });

  it("prints a fn's error in the terminal too, with the file:line in the user's module", async () => {
    const { child, out, url } = await startCli(["serve", example("calculator.ts"), "--port", "0"]);
    try {
      const client = await Client.connect(url.href);
      await assert.rejects(client.predict(1, "divide", 0), /Cannot divide by zero/);
      client.close();
      const [, file] = (await out.until(/^calculator: fn failed: Cannot divide by zero \((.+):\d+:\d+\)$/m))!;
      assert.equal(file, path.relative(process.cwd(), example("calculator.ts")));
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });
});

describe("live-interface serve: a gallery", function () {
  this.timeout(60000);

  it("names the folder its modules are in, skips files starting with _, and a client given its URL lists the interfaces", async () => {
    const module = (title: string) => `import * as li from "live-interface";\nimport { shout } from "./_shout";\nexport default new li.Interface({ fn: (s) => shout(s), inputs: "text", outputs: "text", title: "${title}" });\n`;
    const dir = tempModules({ "one.ts": module("One"), "two.ts": module("Two"), "_shout.ts": "export const shout = (s: string) => s.toUpperCase();\n" });
    const { child, url } = await startCli(["serve", dir, "--port", "0"]);
    try {
      const page = await get(url.href);
      assert.equal(page.status, 200);
      const shown = path.relative(process.cwd(), dir).startsWith("..") ? dir.replace(os.homedir(), "~") : path.relative(process.cwd(), dir);
      assert.ok(page.body.includes(`in <code>${shown}/</code>`), page.body);
      assert.match(page.body, /start with <code>_<\/code> are skipped/);
      assert.deepEqual([...page.body.matchAll(/<strong>([^<]+)<\/strong>/g)].map((m) => m[1]), ["One", "Two"]);
      await assert.rejects(Client.connect(url.href), (err: Error) => {
        assert.match(err.message, /it is a gallery of 2 interfaces, connect to one of them/);
        assert.ok(err.message.includes(url.href.replace("/?token=", "/app/one/?token=")), err.message);
        assert.ok(err.message.includes(url.href.replace("/?token=", "/app/two/?token=")), err.message);
        return true;
      });
      const client = await Client.connect(url.href.replace("/?token=", "/app/two/?token="));
      assert.equal(await client.predict("shout"), "SHOUT");
      client.close();
    } finally {
      child.kill("SIGTERM");
      await finished(child);
    }
  });
});
