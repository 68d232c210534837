import { and, eq, isNotNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { accounts, people, users } from '../../db/schema.js';
import { DISCOVERY_LABELS, DISCOVERY_STALE_DAYS } from '../../domain/discovery.js';
import { dueSlot } from '../../domain/schedule.js';
import { CONFIRM_ACTION, DISMISS_ACTION, staleDiscoveryMessage } from '../../messages/discovery.message.js';
import { privateText } from '../../messages/reply.messages.js';
import { EDIT_ACTION } from '../../messages/stakeholder.roster.js';
import type { DeliveryKind, NewDelivery } from '../../scheduler/types.js';
import type { Feature, FeatureContext } from '../feature.js';
import { settleSuggestion, staleDiscoveryOf } from './discovery.store.js';

export const STALE_DISCOVERY_KIND = 'discovery_stale';
/** Mondays at 09:00 in the owner's zone, beside their follow-up reminders; until 21:00 if the bot was down. */
const STALE_TIME = '09:00';
const LATE_WINDOW_MS = 12 * 60 * 60 * 1000;

/**
 * Discovery never ends: the model's proposals confirmed (or dismissed) with
 * one click, and once a week each account owner hears whose discovery is
 * missing or older than DISCOVERY_STALE_DAYS, with a button to the person form.
 */
export function createDiscoveryFeature(ctx: FeatureContext): Feature {
  const { db } = ctx;

  const stale: DeliveryKind = {
    kind: STALE_DISCOVERY_KIND,
    async plan(now) {
      const owners = await db
        .selectDistinct({ id: users.id, orgId: users.orgId, platform: users.platform, externalId: users.externalId, timezone: users.timezone })
        .from(accounts)
        .innerJoin(users, eq(users.id, accounts.ownerId))
        .innerJoin(people, and(eq(people.accountId, accounts.id), eq(people.status, 'active')))
        .where(isNotNull(accounts.ownerId));
      const planned: NewDelivery[] = [];
      for (const o of owners) {
        const zone = o.timezone ?? ctx.timezone;
        const slot = dueSlot(now, { time: STALE_TIME, timezone: zone, days: 'weekdays' }, LATE_WINDOW_MS);
        if (!slot || DateTime.fromISO(slot.localDate, { zone }).weekday !== 1) continue;
        planned.push({
          orgId: o.orgId,
          kind: STALE_DISCOVERY_KIND,
          dedupeKey: `${STALE_DISCOVERY_KIND}:${o.id}:${slot.localDate}`,
          dueAt: slot.dueAt,
          target: { type: 'user', platform: o.platform, userId: o.externalId },
          payload: { ownerId: o.id },
        });
      }
      return planned;
    },
    async compose(delivery, now) {
      const ownerId = String(delivery.payload.ownerId ?? '');
      const since = new Date(now.getTime() - DISCOVERY_STALE_DAYS * 86_400_000);
      const list = await staleDiscoveryOf(db, delivery.orgId, ownerId, since);
      // Everyone known well and lately: nothing to say this week.
      if (!list.length) return null;
      return staleDiscoveryMessage(list, DISCOVERY_STALE_DAYS, EDIT_ACTION);
    },
  };

  return {
    name: 'discovery',
    actions: {
      [CONFIRM_ACTION]: async (input, who) => {
        const r = await settleSuggestion(db, who, input.value, 'confirmed', ctx.clock.now());
        return privateText(r.already ? `That suggestion for ${r.person} was already settled.` : `Confirmed: ${DISCOVERY_LABELS[r.field]} for ${r.person}.`);
      },
      [DISMISS_ACTION]: async (input, who) => {
        const r = await settleSuggestion(db, who, input.value, 'dismissed', ctx.clock.now());
        return privateText(r.already ? `That suggestion for ${r.person} was already settled.` : `Dismissed the suggested ${DISCOVERY_LABELS[r.field].toLowerCase()} for ${r.person}.`);
      },
    },
    deliveries: [stale],
  };
}
