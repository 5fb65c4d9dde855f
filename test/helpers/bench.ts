// Runs one part of `npm run bench` as the bench smoke tests do (a real child process, `--quick`) and
// gives its JSON.
import { execFile } from "node:child_process";
import * as path from "node:path";

export function runBenchPart(part: "browser" | "hops" | "throughput" | "streams" | "sessions" | "soak" | "vscode-screen" | "vscode-open" | "load" | "vscode", timeoutMs: number): Promise<any> {
  const root = path.resolve(__dirname, "../..");
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["--import", "tsx", "bench/run.ts", "--quick", "--only", part], { cwd: root, timeout: timeoutMs }, (err, out, errOut) =>
      err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(JSON.parse(out)),
    ),
  );
}
