// The library as user code sees it inside a runtime worker (module-hooks.ts gives it for
// `import ... from "live-interface"`): the public API of ../index, but its `serve` does nothing — a
// module running here is already served (by the CLI or VS Code) — so the worker carries no server.

export * from "./components";
export { Interface, isInterface } from "./interface";

/**
 * Inside a module that is already being served, `li.serve(...)` does nothing and gives undefined.
 * (Its type for users is the real one's, from ../index: this file is what the worker runs.)
 */
export const serve = async (..._args: unknown[]): Promise<undefined> => undefined;
