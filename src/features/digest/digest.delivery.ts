import { and, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { channelSubscriptions, users } from '../../db/schema.js';
import { digestChart } from '../../messages/digest.chart.js';
import { digestMessage } from '../../messages/digest.message.js';
import { dueSlot } from '../../domain/schedule.js';
import type { DeliveryKind, NewDelivery } from '../../scheduler/types.js';
import type { FeatureContext } from '../feature.js';
import { buildDigest } from './digest.build.js';

/**
 * A digest missed for longer than this (the bot was down) is skipped for
 * the week: by Monday afternoon last week's figures have been talked about.
 */
export const DIGEST_LATE_WINDOW_MS = 4 * 60 * 60 * 1000;

const payloadShape = z.object({ subscriptionId: z.string(), managerId: z.string() });

/**
 * The weekly digest by DM. Planning is one query over every active digest
 * subscription; the dedupe key (subscription and local date of the slot)
 * makes every tick inside the late window plan the same delivery, so each
 * manager gets one digest per scheduled day. The figures are built at send
 * time for the week ending at the slot.
 */
export function digestDelivery(ctx: FeatureContext): DeliveryKind {
  return {
    kind: 'digest',
    async plan(now) {
      const subs = await ctx.db
        .select({
          id: channelSubscriptions.id,
          orgId: channelSubscriptions.orgId,
          time: channelSubscriptions.localTime,
          timezone: channelSubscriptions.timezone,
          weekday: channelSubscriptions.weekday,
          managerId: users.id,
          platform: users.platform,
          externalId: users.externalId,
        })
        .from(channelSubscriptions)
        .innerJoin(users, eq(users.id, channelSubscriptions.userId))
        .where(and(eq(channelSubscriptions.kind, 'digest'), eq(channelSubscriptions.active, true), isNotNull(channelSubscriptions.weekday)));
      const planned: NewDelivery[] = [];
      for (const sub of subs) {
        const slot = dueSlot(now, { time: sub.time, timezone: sub.timezone, days: { weekday: sub.weekday! } }, DIGEST_LATE_WINDOW_MS);
        if (!slot) continue;
        planned.push({
          orgId: sub.orgId,
          kind: 'digest',
          dedupeKey: `digest:${sub.id}:${slot.localDate}`,
          dueAt: slot.dueAt,
          target: { type: 'user', platform: sub.platform, userId: sub.externalId },
          payload: { subscriptionId: sub.id, managerId: sub.managerId },
        });
      }
      return planned;
    },
    async compose(delivery) {
      const payload = payloadShape.safeParse(delivery.payload);
      if (!payload.success) return null;
      const [sub] = await ctx.db
        .select({ active: channelSubscriptions.active, timezone: channelSubscriptions.timezone })
        .from(channelSubscriptions)
        .where(eq(channelSubscriptions.id, payload.data.subscriptionId));
      // Unsubscribed between planning and sending: nothing to send.
      if (!sub?.active) return null;
      const data = await buildDigest(ctx.db, {
        managerId: payload.data.managerId,
        at: delivery.dueAt,
        timezone: sub.timezone,
        defaultTimezone: ctx.timezone,
      });
      if (!data) return null;
      return digestMessage(data, { preview: false, slash: delivery.target.platform === 'slack', chart: digestChart(data) });
    },
  };
}
