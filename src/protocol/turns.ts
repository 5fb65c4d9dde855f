// Voice turns: the options of a microphone input that calls fn once per utterance (see
// docs/streaming.md). The runtime checks and completes them (runtime/turns/turn-options.ts); the
// completed settings travel in the Audio component's props to the page.

/** How readily the WebRTC detector counts audio as voice: 0 (least strict about filtering other sound out) to 3 (most). */
export type VadAggressiveness = 0 | 1 | 2 | 3;

export interface TurnOptions {
  /** Seconds of silence that end a turn (default 0.6). Shorter pauses stay inside the utterance. */
  minSilence?: number;
  /** Seconds of voice before sound counts as speech (default 0.25): a cough or a click is ignored. */
  minSpeech?: number;
  /** Seconds of audio kept before the speech starts and after it ends (default 0.2), so no syllable is clipped. */
  padding?: number;
  /** Seconds after which a turn ends even without a pause (default 30). */
  maxSpeech?: number;
  /** Speaking while a reply runs or plays stops it: the run is cancelled, its queued audio silenced (default true). */
  bargeIn?: boolean;
  /**
   * How strictly the WebRTC voice activity detector tells voice from other sound: 0 lets most sound
   * through as voice, 3 filters the most out (default 3; lower it if quiet speech is missed).
   */
  aggressiveness?: VadAggressiveness;
}

/** Every option, defaults filled in: what the host's turn detector and the page get. */
export type TurnSettings = Required<TurnOptions>;
