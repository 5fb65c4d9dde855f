// What a camera or microphone input asks of its device. The component (runtime) puts it in its props,
// checked when the module builds it; the page (webview) turns it into getUserMedia constraints.

/** The camera an Image input records from: all ideal values, the browser comes as close as it can. */
export interface CameraRequest {
  /** Frame width in pixels (default 640). */
  width?: number;
  /** Frame height in pixels (default 480). */
  height?: number;
  /** Frames a second. */
  fps?: number;
  /** "user": the camera facing the user (a phone's front camera); "environment": the one facing away. */
  facingMode?: "user" | "environment";
}

/** The microphone an Audio input records from. The browser's processing is off unless asked for. */
export interface MicrophoneRequest {
  /** 1 (default: the channels mixed down) or 2 (stereo, interleaved). */
  channels?: 1 | 2;
  /** The browser's echo cancellation (default false: fn hears the raw sound). */
  echoCancellation?: boolean;
  /** The browser's noise suppression (default false). */
  noiseSuppression?: boolean;
  /** The browser's automatic gain control (default false). */
  autoGainControl?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const inRange = (v: unknown, min: number, max: number): boolean => typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;

/** Why `v` is not a CameraRequest (undefined when it is one). */
export function cameraRequestProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "an object { width, height, fps, facingMode }";
  for (const key of Object.keys(v)) if (!["width", "height", "fps", "facingMode"].includes(key)) return `only width, height, fps and facingMode, not "${key}"`;
  for (const key of ["width", "height"] as const) {
    if (v[key] !== undefined && !(Number.isInteger(v[key]) && inRange(v[key], 1, 8192))) return `${key} as a whole number of pixels from 1 to 8192, not ${JSON.stringify(v[key])}`;
  }
  if (v.fps !== undefined && !inRange(v.fps, 1, 240)) return `fps from 1 to 240, not ${JSON.stringify(v.fps)}`;
  if (v.facingMode !== undefined && v.facingMode !== "user" && v.facingMode !== "environment") return `facingMode "user" or "environment", not ${JSON.stringify(v.facingMode)}`;
  return undefined;
}

/** Why `v` is not a MicrophoneRequest (undefined when it is one). */
export function microphoneRequestProblem(v: unknown): string | undefined {
  if (!isObject(v)) return "an object { channels, echoCancellation, noiseSuppression, autoGainControl }";
  const flags = ["echoCancellation", "noiseSuppression", "autoGainControl"];
  for (const key of Object.keys(v)) if (key !== "channels" && !flags.includes(key)) return `only channels, ${flags.join(", ")}, not "${key}"`;
  if (v.channels !== undefined && v.channels !== 1 && v.channels !== 2) return `channels 1 or 2, not ${JSON.stringify(v.channels)}`;
  for (const key of flags) if (v[key] !== undefined && typeof v[key] !== "boolean") return `${key} true or false, not ${JSON.stringify(v[key])}`;
  return undefined;
}

/** Why `v` is not a sample rate a microphone can record at (the browser's AudioContext range), or undefined. */
export function sampleRateProblem(v: unknown): string | undefined {
  return v === undefined || (Number.isInteger(v) && inRange(v, 3000, 768000)) ? undefined : `sampleRate in Hz, a whole number from 3000 to 768000, not ${JSON.stringify(v)}`;
}
