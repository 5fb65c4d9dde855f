// The public API: `import * as li from "live-interface"`.
export * from "./runtime/components";
export {
  Interface,
  isInterface,
  type ComponentLike,
  type FnResult,
  type InputValue,
  type InputValues,
  type InterfaceOptions,
  type OutputValue,
  type OutputValues,
  type RunContext,
  type SessionInfo,
} from "./runtime/interface";
export type { Shortcut } from "./runtime/shortcuts";
export { serve, type ServeOptions } from "./server/serve";
export type { LiveServer } from "./server/server";
export type { InterfaceConfig, ComponentSpec, UserError } from "./protocol/messages";
export type { ComponentProps, ComponentType } from "./protocol/components";
