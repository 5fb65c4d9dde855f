// The page's cameras and microphones: what an input asks of them (its props, see
// src/protocol/devices.ts) as getUserMedia constraints, opening one, and why it could not be opened,
// said so that the user knows what to do.
import type { AudioProps, ImageProps } from "../../src/protocol/components";
import type { CameraRequest, MicrophoneRequest } from "../../src/protocol/devices";

export type DeviceKind = "videoinput" | "audioinput";

/** What a camera or microphone input asks of its device, read from its props. */
export interface DeviceRequest {
  kind: DeviceKind;
  camera: CameraRequest;
  microphone: MicrophoneRequest;
  /** Microphone: the rate the page records at (the Audio component's sampleRate); undefined: the device's. */
  sampleRate: number | undefined;
}

/** What a camera input asks of its camera (the runtime checked its props). */
export const cameraRequest = (props: ImageProps): DeviceRequest => ({ kind: "videoinput", camera: props.camera ?? {}, microphone: {}, sampleRate: undefined });

/** What a microphone input asks of its microphone (the runtime checked its props). */
export const microphoneRequest = (props: AudioProps): DeviceRequest => ({ kind: "audioinput", camera: {}, microphone: props.microphone ?? {}, sampleRate: props.sampleRate });

/** The getUserMedia constraints of `request`, on `deviceId` when given (exactly that device). */
export function constraintsOf(request: DeviceRequest, deviceId?: string): MediaStreamConstraints {
  const device: MediaTrackConstraints = deviceId ? { deviceId: { exact: deviceId } } : {};
  if (request.kind === "videoinput") {
    const { width, height, fps, facingMode } = request.camera;
    // Ideal values: the browser comes as close as the camera allows (Chromium scales to the size).
    const size = width === undefined && height === undefined ? { width: { ideal: 640 }, height: { ideal: 480 } } : { ...(width ? { width: { ideal: width } } : {}), ...(height ? { height: { ideal: height } } : {}) };
    return { video: { ...size, ...(fps ? { frameRate: { ideal: fps } } : {}), ...(facingMode ? { facingMode: { ideal: facingMode } } : {}), ...device } };
  }
  const { channels, echoCancellation, noiseSuppression, autoGainControl } = request.microphone;
  // Raw audio unless asked: the browser's processing would change what fn hears.
  return {
    audio: {
      echoCancellation: echoCancellation ?? false,
      noiseSuppression: noiseSuppression ?? false,
      autoGainControl: autoGainControl ?? false,
      ...(channels === 2 ? { channelCount: { ideal: 2 } } : {}),
      ...device,
    },
  };
}

/** The name of a device kind in messages. */
export const deviceName = (kind: DeviceKind): string => (kind === "videoinput" ? "camera" : "microphone");

/** The stream of `request`'s device (`deviceId`, or the browser's choice); throws a DeviceError saying why not, in words. */
export async function openDevice(request: DeviceRequest, deviceId?: string): Promise<MediaStream> {
  const device = deviceName(request.kind);
  if (!navigator.mediaDevices?.getUserMedia) throw new DeviceError(`this page cannot use the ${device}`, "NotSupportedError", "browsers offer it only to https and localhost pages");
  try {
    return await navigator.mediaDevices.getUserMedia(constraintsOf(request, deviceId));
  } catch (err) {
    const [problem, advice] = deviceProblem(device, err);
    throw new DeviceError(problem, (err as DOMException)?.name, advice);
  }
}

/** An error opening a device: `reason` is the browser's name for it (NotAllowedError, NotFoundError, ...). */
export class DeviceError extends Error {
  constructor(
    readonly problem: string,
    readonly reason: string | undefined,
    /** What the user can do about it in a browser tab (a VS Code webview has other ways out). */
    readonly advice?: string,
  ) {
    super(advice ? `${problem}: ${advice}` : problem);
  }
}

/** What went wrong opening the `device`, as a user reads it, and what they can do in a browser. */
export function deviceProblem(device: string, err: unknown): [problem: string, advice?: string] {
  const e = err as DOMException & { constraint?: string };
  const detail = e?.message ? ` (${e.message})` : "";
  switch (e?.name) {
    case "NotAllowedError":
    case "SecurityError":
      return [`the ${device} is not allowed${detail}`, "allow it for this page in the browser's site settings"];
    case "NotFoundError":
      return [`no ${device} was found${detail}`];
    case "NotReadableError":
    case "AbortError":
      return [`the ${device} could not be opened${detail}`, "another program may be using it"];
    case "OverconstrainedError":
      return [e.constraint === "deviceId" ? `the chosen ${device} is not connected` : `the ${device} cannot give the ${e.constraint ?? "settings"} asked for`];
    default:
      return [(e?.message || String(err)) + (e?.name && e.name !== "Error" ? ` (${e.name})` : "")];
  }
}

/** The page's devices of `kind` that the browser names (none before the user allowed one: labels are hidden until then). */
export async function listDevices(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices().catch(() => []);
  return all.filter((d) => d.kind === kind && d.deviceId && d.label);
}

/** The device a stream records from: its id and label. */
export function deviceOf(stream: MediaStream, kind: DeviceKind): { id: string; label: string } | undefined {
  const track = kind === "videoinput" ? stream.getVideoTracks()[0] : stream.getAudioTracks()[0];
  return track && { id: track.getSettings().deviceId ?? "", label: track.label };
}
