import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

const CLI = path.resolve(__dirname, "../../dist/cli.js");

export interface RunningServer {
  /** The URL the CLI printed (gallery or the only app), token included. */
  url: string;
  /** The page of one app of a gallery. */
  app(name: string): string;
  output: () => string;
  process: ChildProcess;
  close(): Promise<void>;
}

/**
 * Starts `live-interface serve …` as a real child process and waits for the URL line it prints.
 * `options.cli`: another build's dist/cli.js (a bench comparing with older code); `options.env`: added
 * to this process's environment.
 */
export function serveCli(args: string[], options: { cli?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [options.cli ?? CLI, "serve", ...args, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: options.env && { ...process.env, ...options.env },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 20 s:\n${output}`)), 20000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        app: (name) => url.replace("/?token=", `/app/${name}/?token=`),
        output: () => output,
        process: child,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // A server that does not stop within 10 s is killed: a test must not hang on it.
            const kill = setTimeout(() => child.kill("SIGKILL"), 10000);
            child.once("exit", () => (clearTimeout(kill), done()));
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

export const fixture = (name: string) => path.resolve(__dirname, "../fixtures", name);
export const example = (name: string) => path.resolve(__dirname, "../../examples", name);
