// A real nginx for tests, run as the current user with everything in a temporary folder: its own
// configuration (`nginx -c <file> -p <folder>`), pid, logs and temp files, `daemon off` so it is our
// child process; never the system's nginx service. Debian's `nginx` package (setup-test-tools.sh).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { watch } from "./cli";
import { until } from "./wait";

/** `n` different ports free right now on 127.0.0.1 (for programs that cannot be told port 0, like nginx). */
export async function freePorts(n: number): Promise<number[]> {
  // All held at once, then let go: the same port cannot come back twice.
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** The first ```nginx block of a Markdown file: a configuration a page documents. */
export function nginxBlock(markdownFile: string): string {
  const block = /^```nginx\n([\s\S]*?)^```$/m.exec(fs.readFileSync(markdownFile, "utf8"))?.[1];
  if (!block) throw new Error(`${markdownFile} has no \`\`\`nginx block`);
  return block;
}

/** Replaces each of `changes` in `text`, failing when one does not occur exactly `count` times (the documented configuration changed). */
export function substitute(text: string, changes: [from: string, to: string, count: number][]): string {
  for (const [from, to, count] of changes) {
    const found = text.split(from).length - 1;
    if (found !== count) throw new Error(`expected ${JSON.stringify(from)} ${count} times in the nginx configuration, found it ${found} times:\n${text}`);
    text = text.replaceAll(from, to);
  }
  return text;
}

/** A self-signed certificate for `name` (openssl), and its key, in `dir`. */
export function selfSignedCert(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name}`, "-keyout", key, "-out", cert], { stdio: "ignore" });
  return { cert, key };
}

export interface RunningNginx {
  dir: string;
  /** The access log so far: one line per request, as `log_format` below. */
  accessLog(): string;
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Starts nginx with `httpConfig` inside its `http { }` block (what a conf.d file holds) and waits
 * until it accepts connections on `ports`. The access log records, per request: the sticky key
 * (`$li_sticky`, when the configuration defines it), the replica that answered, the status and the URI.
 */
export async function startNginx(httpConfig: string, ports: number[]): Promise<RunningNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "li-nginx-"));
  const file = (name: string) => path.join(dir, name);
  // Run as root (CI), nginx's workers would switch to `nobody`, who cannot enter this folder.
  const user = process.getuid?.() === 0 ? "user root;\n" : "";
  const sticky = /\$li_sticky\b/.test(httpConfig) ? "$li_sticky" : "-";
  fs.writeFileSync(
    file("nginx.conf"),
    `${user}daemon off;
worker_processes 1;
pid ${file("nginx.pid")};
error_log ${file("error.log")} info;
events { worker_connections 256; }
http {
  log_format li '${sticky} $upstream_addr $status $request_uri';
  access_log ${file("access.log")} li;
  client_body_temp_path ${file("body")};
  proxy_temp_path ${file("proxy")};
  fastcgi_temp_path ${file("fastcgi")};
  uwsgi_temp_path ${file("uwsgi")};
  scgi_temp_path ${file("scgi")};
${httpConfig}
}
`,
  );
  const read = (name: string) => (fs.existsSync(file(name)) ? fs.readFileSync(file(name), "utf8") : "");
  const child: ChildProcess = spawn("nginx", ["-c", file("nginx.conf"), "-p", dir + "/", "-e", file("error.log")], { stdio: ["ignore", "pipe", "pipe"] });
  const out = watch(child);
  let exited = false;
  child.once("exit", () => (exited = true));
  const accepts = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
  try {
    await until("nginx accepts connections", async () => {
      if (exited) throw new Error(`nginx exited:\n${out.output()}${read("error.log")}`);
      return (await Promise.all(ports.map(accepts))).every(Boolean);
    }, 15000);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return {
    dir,
    accessLog: () => read("access.log"),
    errorLog: () => read("error.log"),
    stop: async () => {
      if (!exited) {
        const ended = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM"); // fast shutdown: a graceful one would wait for open WebSockets
        const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
        await ended;
        clearTimeout(kill);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
