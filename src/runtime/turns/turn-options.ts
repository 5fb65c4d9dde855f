// Voice turns: the options of a microphone input that calls fn once per utterance (protocol/turns.ts),
// checked and completed where the module declares the input (see docs/streaming.md).
import type { TurnOptions, TurnSettings } from "../../protocol/turns";

export type { TurnOptions, TurnSettings, VadAggressiveness } from "../../protocol/turns";

export const TURN_DEFAULTS: TurnSettings = { minSilence: 0.6, minSpeech: 0.25, padding: 0.2, maxSpeech: 30, bargeIn: true, aggressiveness: 3 };

/** `turns` checked and completed; throws a TypeError naming the input and the option otherwise. */
export function turnSettings(turns: boolean | TurnOptions, what: string): TurnSettings | undefined {
  if (turns === false) return undefined;
  if (turns === true) return { ...TURN_DEFAULTS };
  if (typeof turns !== "object" || turns === null) throw new TypeError(`${what}: turns must be true or an object of turn options, got ${String(turns)}`);
  const known = new Set(Object.keys(TURN_DEFAULTS));
  for (const key of Object.keys(turns)) if (!known.has(key)) throw new TypeError(`${what}: turns has no option "${key}" (options: ${[...known].join(", ")})`);
  const s = { ...TURN_DEFAULTS, ...turns } as TurnSettings;
  const seconds = (name: keyof TurnOptions, min: number, max: number) => {
    const v = s[name];
    if (!(typeof v === "number" && v >= min && v <= max)) throw new TypeError(`${what}: turns.${name} must be a number of seconds from ${min} to ${max}, got ${String(v)}`);
  };
  // One detector frame is 30 ms: nothing shorter can be told apart.
  seconds("minSilence", 0.03, 10);
  seconds("minSpeech", 0.03, 10);
  seconds("padding", 0, 2);
  // 60 s of 48 kHz stereo is 23 MB: the utterance must fit in one message (MAX_MEDIA_BYTES, 16 MiB) at 48 kHz mono.
  seconds("maxSpeech", 1, 60);
  if (typeof s.bargeIn !== "boolean") throw new TypeError(`${what}: turns.bargeIn must be true or false, got ${String(s.bargeIn)}`);
  if (![0, 1, 2, 3].includes(s.aggressiveness)) throw new TypeError(`${what}: turns.aggressiveness must be 0, 1, 2 or 3, got ${String(s.aggressiveness)}`);
  return s;
}
