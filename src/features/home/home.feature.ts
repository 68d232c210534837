import { DateTime } from 'luxon';
import type { Reply } from '../../chat/inbound.js';
import type { StakeholderChangeKind } from '../../db/schema.js';
import { homeMessage, type HomeView } from '../../messages/home.message.js';
import type { Feature, FeatureContext } from '../feature.js';
import type { Identity } from '../identity.js';
import { createHomeStore, HOME_LIMIT } from './home.store.js';

/** Changes and follow-ups each carry a row of buttons; a handful keeps Home readable. */
const ACTION_ITEMS = 5;
const ISO_WEEKDAYS = ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/**
 * Home (issue 14): what is on one person's plate. `/hallway home` on both
 * platforms; Slack's App Home tab shows the same message.
 */
export function createHomeFeature(ctx: FeatureContext): Feature {
  const store = createHomeStore(ctx.db);

  async function view(who: Identity, slash: boolean): Promise<HomeView> {
    const zone = who.timezone ?? ctx.timezone;
    const now = DateTime.fromJSDate(ctx.clock.now(), { zone });
    const today = now.toISODate()!;
    const day = (d: DateTime) => d.toFormat('ccc d LLL');

    const owned = await store.accounts(who);
    const changes = await store.changes(who, owned.map((a) => a.id));
    const followUps = await store.followUps(who, now.plus({ days: 7 }).toISODate()!);
    const subscriptions = await store.subscriptions(who);

    return {
      role: who.role,
      slash,
      accounts: owned.slice(0, HOME_LIMIT).map((a) => ({ name: a.name, ...(a.lastContact ? { lastContact: sinceText(DateTime.fromJSDate(a.lastContact, { zone }), now) } : {}) })),
      moreAccounts: Math.max(0, owned.length - HOME_LIMIT),
      changes: changes.slice(0, ACTION_ITEMS).map((c) => ({
        id: c.id,
        headline: headline(c),
        canIntro: c.kind !== 'left',
        ...(c.status === 'snoozed' && c.snoozedUntil && c.snoozedUntil > ctx.clock.now() ? { snoozedUntil: day(DateTime.fromJSDate(c.snoozedUntil, { zone })) } : {}),
      })),
      moreChanges: Math.max(0, changes.length - ACTION_ITEMS),
      followUps: followUps.slice(0, ACTION_ITEMS).map((f) => ({
        id: f.id,
        text: f.text,
        account: f.account,
        due: f.dueOn === today ? 'today' : day(DateTime.fromISO(f.dueOn!, { zone })),
        overdue: f.dueOn! < today,
      })),
      moreFollowUps: Math.max(0, followUps.length - ACTION_ITEMS),
      subscriptions: subscriptions.map((s) => {
        const when = `${s.localTime} ${s.timezone}`;
        if (s.kind === 'digest') return `Your weekly digest, ${ISO_WEEKDAYS[s.weekday ?? 1]} at ${when}`;
        const where = s.conversationKind === 'personal' ? 'your personal chat' : s.conversationKind === 'group' ? 'a group chat' : 'a channel';
        const tags = s.tags.length ? `, about ${s.tags.join(', ')}` : '';
        return `A customer story in ${where} at ${when}, ${s.days === 'daily' ? 'every day' : 'on weekdays'}${tags}`;
      }),
    };
  }

  return {
    name: 'home',
    commands: {
      'hallway home': async (input, who): Promise<Reply> => ({
        kind: 'message',
        visibility: 'private',
        message: homeMessage(await view(who, input.actor.platform === 'slack')),
      }),
    },
  };
}

function headline(c: { kind: StakeholderChangeKind; person: string; title: string | null; role: string | null; previous: string | null; account: string }): string {
  const role = c.role ?? c.title;
  switch (c.kind) {
    case 'joined':
      return `${c.person} is new at ${c.account}${role ? ` as ${role}` : ''}`;
    case 'replaced':
      return `${c.person} replaces ${c.previous ?? 'someone'} at ${c.account}${role ? ` as ${role}` : ''}`;
    case 'role_changed':
      return `${c.person} at ${c.account} is now ${role ?? 'in a new role'}`;
    case 'left':
      return `${c.person} has left ${c.account}`;
  }
}

/** "12 Nov (11 days ago)", counted in local calendar days. */
function sinceText(at: DateTime, now: DateTime): string {
  const days = Math.round(now.startOf('day').diff(at.startOf('day'), 'days').days);
  const ago = days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
  return `${at.toFormat('d LLL')} (${ago})`;
}
