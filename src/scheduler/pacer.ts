import type { Platform } from '../chat/port.js';
import type { Clock } from '../domain/clock.js';
import type { DeliveryTarget } from './types.js';

/**
 * How fast the queue may send, per platform: one rate per conversation and a
 * ceiling for the whole workspace (Slack) or tenant (Teams). We pace
 * ourselves instead of waiting for 429s, because Slack does not guarantee
 * that a burst over its limit is stored or shown at all.
 */
export interface PlatformPace {
  perConversationPerSecond: number;
  workspacePerSecond: number;
}

export type PacingLimits = Record<Platform, PlatformPace>;

export const DEFAULT_PACING: PacingLimits = {
  // chat.postMessage: "one message per second per channel", with a
  // workspace-wide limit Slack puts at "several hundred per minute".
  slack: { perConversationPerSecond: 1, workspacePerSecond: 5 },
  // Bot Framework for Teams: 7 per second per conversation, 50 per second per tenant.
  teams: { perConversationPerSecond: 7, workspacePerSecond: 50 },
};

/** A pacing bucket: sends sharing a key are spaced 1/perSecond apart. */
export interface PaceKey {
  key: string;
  perSecond: number;
}

/**
 * The buckets a send to `target` falls in. One chat port serves one Slack
 * workspace (one bot token) and one company's Teams tenant, so the platform
 * is the workspace-wide bucket. A DM is its own conversation.
 */
export function paceKeys(target: DeliveryTarget, limits: PacingLimits): PaceKey[] {
  const pace = limits[target.platform];
  const conversation = target.type === 'conversation' ? `c:${target.key}` : `u:${target.userId}`;
  return [
    { key: `${target.platform}:${conversation}`, perSecond: pace.perConversationPerSecond },
    { key: target.platform, perSecond: pace.workspacePerSecond },
  ];
}

export interface Pacer {
  /**
   * Reserves the earliest slot free in every bucket and waits until it comes.
   * Resolves undefined when it is time to send, or with the instant a hold
   * (a 429) on one of the buckets lifts: then the send should not be made now.
   */
  wait(keys: PaceKey[]): Promise<Date | undefined>;
  /** After a 429: nothing more goes to these buckets before `until`. */
  hold(keys: PaceKey[], until: Date): void;
}

/** Longer than a full batch to one conversation can wait (50 at 1/s), shorter than surprise. */
const MAX_AHEAD_MS = 5 * 60_000;

/**
 * Slot reservation: each bucket remembers when it is next free. Reserving is
 * synchronous, so concurrent senders get distinct slots; only the wait is
 * async (and injected, so tests advance a manual clock instead of sleeping).
 * The state is per process: several runners each keep their own pace, and a
 * 429 (honoured via Retry-After) is the backstop.
 */
export function createPacer(deps: { clock: Clock; sleep(ms: number): Promise<void> }): Pacer {
  const nextFree = new Map<string, number>();
  const heldUntil = new Map<string, number>();

  function forget(now: number): void {
    // Buckets whose time has passed carry no information; keep the maps small.
    for (const map of [nextFree, heldUntil]) {
      if (map.size < 10_000) continue;
      for (const [key, at] of map) if (at <= now) map.delete(key);
    }
  }

  function held(keys: PaceKey[]): Date | undefined {
    const until = Math.max(0, ...keys.map((k) => heldUntil.get(k.key) ?? 0));
    return until > deps.clock.now().getTime() ? new Date(until) : undefined;
  }

  return {
    async wait(keys) {
      const now = deps.clock.now().getTime();
      forget(now);
      const before = held(keys);
      if (before) return before;
      // A reservation further ahead than any batch can queue up means the clock went back: forget it.
      for (const k of keys) if ((nextFree.get(k.key) ?? now) > now + MAX_AHEAD_MS) nextFree.delete(k.key);
      const slot = Math.max(now, ...keys.map((k) => nextFree.get(k.key) ?? now));
      for (const k of keys) nextFree.set(k.key, slot + 1000 / k.perSecond);
      if (slot > now) await deps.sleep(slot - now);
      // A 429 may have come in for these buckets while we waited.
      return held(keys);
    },
    hold(keys, until) {
      for (const k of keys) heldUntil.set(k.key, Math.max(heldUntil.get(k.key) ?? 0, until.getTime()));
    },
  };
}
