import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CommandName } from '../chat/inbound.js';
import type { Platform, Posted } from '../chat/port.js';

/*
 * The whole data model. Every row belongs to an organisation (org_id) so that
 * every query can be scoped by it; orgs is the only table without one.
 * Enumerations are text columns with TypeScript unions rather than Postgres
 * enums: adding a value is then a code change, not a migration.
 */

const id = () => uuid('id').primaryKey().defaultRandom();
const tz = (name: string) => timestamp(name, { withTimezone: true });
const createdAt = () => tz('created_at').notNull().defaultNow();
const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => orgs.id, { onDelete: 'cascade' });
const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'::text[]`);

export interface OrgSettings {
  /** Days without contact after which an account counts as going cold. */
  goingColdDays?: number;
  [key: string]: unknown;
}

export const orgs = pgTable('orgs', {
  id: id(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<OrgSettings>().notNull().default({}),
  /** This organisation's secret for POST /hooks/stakeholders; sealed when HALLWAY_ENCRYPTION_KEY is set. */
  webhookSecret: text('webhook_secret'),
  createdAt: createdAt(),
});

export const workspaces = pgTable(
  'workspaces',
  {
    id: id(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>().notNull(),
    /** Slack team id or Teams tenant id. */
    externalId: text('external_id').notNull(),
    name: text('name').notNull(),
    /** Encrypted at rest; never logged. */
    botTokenEnc: text('bot_token_enc'),
    installedAt: tz('installed_at').notNull().defaultNow(),
  },
  (t) => [unique('workspaces_platform_external_id_key').on(t.platform, t.externalId)],
);

/** Granted, never claimed by use (CONTRACT.md, "Organisations and roles"). */
export type UserRole = 'admin' | 'manager' | 'member';

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>().notNull(),
    externalId: text('external_id').notNull(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    displayName: text('display_name').notNull(),
    /** IANA zone, e.g. Europe/Paris. */
    timezone: text('timezone'),
    role: text('role').$type<UserRole>().notNull().default('member'),
    /** When the display name and zone were last read from the platform's profile. */
    profileAt: tz('profile_at'),
    managerId: uuid('manager_id').references((): AnyPgColumn => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [unique('users_platform_external_id_key').on(t.platform, t.externalId)],
);

export type ConversationKind = 'channel' | 'group' | 'personal';

/**
 * Every conversation the bot can reach again after a restart. external_id is
 * the opaque key of ConversationTarget; for Teams, `reference` holds the
 * ConversationReference needed for proactive sends.
 */
export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    orgId: orgId(),
    platform: text('platform').$type<Platform>().notNull(),
    externalId: text('external_id').notNull(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ConversationKind>().notNull(),
    /** For a personal chat: whose DM it is. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    reference: jsonb('reference').$type<Record<string, unknown>>(),
    /** A Slack Connect channel shared with this customer account. */
    accountId: uuid('account_id').references((): AnyPgColumn => accounts.id, { onDelete: 'set null' }),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('conversations_platform_external_id_key').on(t.platform, t.externalId),
    index('conversations_user_id_idx').on(t.userId),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    /** lower(trim(name)), for matching what people type. */
    nameKey: text('name_key').notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    tags: textArray('tags'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('accounts_org_id_name_key_key').on(t.orgId, t.nameKey),
    // The digest reads a manager's book as the accounts their team owns.
    index('accounts_owner_id_idx').on(t.ownerId),
  ],
);

export type PersonStatus = 'active' | 'left';

export const people = pgTable(
  'people',
  {
    id: id(),
    orgId: orgId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    title: text('title'),
    division: text('division'),
    email: text('email'),
    objectives: textArray('objectives'),
    operatingStyle: text('operating_style'),
    preferences: text('preferences'),
    status: text('status').$type<PersonStatus>().notNull().default('active'),
    lastContactAt: tz('last_contact_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('people_account_id_name_key_key').on(t.accountId, t.nameKey),
    index('people_org_id_name_key_idx').on(t.orgId, t.nameKey),
  ],
);

export const stakeholderRoles = pgTable(
  'stakeholder_roles',
  {
    id: id(),
    orgId: orgId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    since: tz('since').notNull().defaultNow(),
    /** Null while the person still holds the role. */
    until: tz('until'),
  },
  (t) => [index('stakeholder_roles_account_id_until_idx').on(t.accountId, t.until)],
);

export type StakeholderChangeKind = 'joined' | 'left' | 'replaced' | 'role_changed';
export type StakeholderChangeSource = 'command' | 'import' | 'webhook' | 'note' | 'slack_connect';
export type StakeholderChangeStatus = 'open' | 'snoozed' | 'done';

export const stakeholderChanges = pgTable(
  'stakeholder_changes',
  {
    id: id(),
    orgId: orgId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<StakeholderChangeKind>().notNull(),
    previousPersonId: uuid('previous_person_id').references(() => people.id, { onDelete: 'set null' }),
    role: text('role'),
    source: text('source').$type<StakeholderChangeSource>().notNull(),
    status: text('status').$type<StakeholderChangeStatus>().notNull().default('open'),
    snoozedUntil: tz('snoozed_until'),
    acknowledgedAt: tz('acknowledged_at'),
    remindCount: integer('remind_count').notNull().default(0),
    lastRemindedAt: tz('last_reminded_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('stakeholder_changes_org_id_status_idx').on(t.orgId, t.status),
    // The digest: changes at the accounts of a manager's book.
    index('stakeholder_changes_account_id_created_at_idx').on(t.accountId, t.createdAt),
  ],
);

export type NoteVisibility = 'shared' | 'internal';

/**
 * Also has `search`, a generated tsvector with a GIN index for /hallway ask,
 * added by hand in migrations/0002_ask_search.sql and left out of this
 * definition so that reading a note never fetches it (see ask.store.ts).
 */
export const notes = pgTable(
  'notes',
  {
    id: id(),
    orgId: orgId(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    metAt: tz('met_at').notNull().defaultNow(),
    summary: text('summary'),
    /** Verbatim customer words; only quoted if consentToQuote. */
    quote: text('quote'),
    pains: textArray('pains'),
    wants: textArray('wants'),
    sentiment: text('sentiment'),
    visibility: text('visibility').$type<NoteVisibility>().notNull().default('shared'),
    consentToQuote: boolean('consent_to_quote').notNull().default(true),
    rawText: text('raw_text').notNull(),
    /** Drops a note submitted twice (retried command, double-clicked modal). */
    idempotencyKey: text('idempotency_key'),
    enrichedAt: tz('enriched_at'),
    tags: textArray('tags'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('notes_org_id_idempotency_key_key').on(t.orgId, t.idempotencyKey),
    index('notes_org_id_account_id_met_at_idx').on(t.orgId, t.accountId, t.metAt),
    // /hallway ask ranks a common word's matches of the last month first.
    index('notes_org_id_met_at_idx').on(t.orgId, t.metAt),
    // The digest: a team's notes over the last weeks.
    index('notes_author_id_met_at_idx').on(t.authorId, t.metAt),
    // The digest: which accounts the whole organisation heard from in a period, and
    // who wrote how many notes (both index-only).
    index('notes_org_id_met_at_account_id_author_id_idx').on(t.orgId, t.metAt, t.accountId, t.authorId),
  ],
);

export const notePeople = pgTable(
  'note_people',
  {
    orgId: orgId(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.noteId, t.personId] })],
);

export type DiscoveryField = 'need' | 'now' | 'goal' | 'ready' | 'capacity';
export type DiscoverySource = 'note' | 'person_form' | 'ai';
/** 'suggested': proposed by the model, shown as such until the owner confirms it. */
export type DiscoveryStatus = 'confirmed' | 'suggested' | 'dismissed';

/**
 * Discovery never ends: every value ever recorded for a person's need,
 * current state (now), aspiration (goal), readiness to change and capacity
 * to bear its price, with when, by whom and from which note. The latest
 * confirmed value of a field is the current one; the rest is its history.
 */
export const discoveryValues = pgTable(
  'discovery_values',
  {
    id: id(),
    orgId: orgId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    field: text('field').$type<DiscoveryField>().notNull(),
    value: text('value').notNull(),
    /** ready only: low | medium | high. */
    level: text('level'),
    /** Undoing a note takes back what it said. */
    noteId: uuid('note_id').references(() => notes.id, { onDelete: 'cascade' }),
    setBy: uuid('set_by').references(() => users.id, { onDelete: 'set null' }),
    source: text('source').$type<DiscoverySource>().notNull(),
    status: text('status').$type<DiscoveryStatus>().notNull().default('confirmed'),
    createdAt: createdAt(),
    confirmedAt: tz('confirmed_at'),
  },
  (t) => [
    index('discovery_values_person_id_field_created_at_idx').on(t.personId, t.field, t.createdAt),
    index('discovery_values_org_id_created_at_idx').on(t.orgId, t.createdAt),
  ],
);

export type FollowUpStatus = 'open' | 'done';

export const followUps = pgTable(
  'follow_ups',
  {
    id: id(),
    orgId: orgId(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    /** A calendar day, read as 'YYYY-MM-DD' in the owner's timezone. */
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').$type<FollowUpStatus>().notNull().default('open'),
    snoozedUntil: tz('snoozed_until'),
    doneAt: tz('done_at'),
    createdAt: createdAt(),
  },
  (t) => [index('follow_ups_owner_id_status_due_on_idx').on(t.ownerId, t.status, t.dueOn)],
);

export type StorySource = 'ai' | 'template';
export type StoryStatus = 'draft' | 'approved' | 'published';

export const stories = pgTable(
  'stories',
  {
    id: id(),
    orgId: orgId(),
    noteId: uuid('note_id')
      .notNull()
      .references(() => notes.id, { onDelete: 'cascade' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    quote: text('quote'),
    source: text('source').$type<StorySource>().notNull(),
    status: text('status').$type<StoryStatus>().notNull().default('draft'),
    /**
     * The note's author, copied by the database (triggers in
     * migrations/0009_digest_by_author.sql, on insert here and when a
     * note's author changes), never written by the app: a team digest finds
     * its stories by author without reading the team's every note.
     */
    authorId: uuid('author_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('stories_note_id_idx').on(t.noteId),
    // The digest: a team's stories (index-only).
    index('stories_author_id_id_idx').on(t.authorId, t.id),
  ],
);

export type SubscriptionKind = 'stories' | 'digest';
export type SubscriptionDays = 'weekdays' | 'daily';

/** A channel's daily story post, or a manager's weekly digest. */
export const channelSubscriptions = pgTable(
  'channel_subscriptions',
  {
    id: id(),
    orgId: orgId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<SubscriptionKind>().notNull().default('stories'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** 'HH:MM' in `timezone`. */
    localTime: text('local_time').notNull(),
    timezone: text('timezone').notNull(),
    days: text('days').$type<SubscriptionDays>().notNull().default('weekdays'),
    /** Digest only: ISO weekday, 1 = Monday … 7 = Sunday. */
    weekday: integer('weekday'),
    /** Digest only: the manager it is for. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    tags: textArray('tags'),
    active: boolean('active').notNull().default(true),
    /**
     * Stories only: 0 as subscribed, 1 Mon/Wed/Fri, 2 weekly. A channel that
     * leaves five stories in a row untouched steps down; engagement steps it
     * back up (src/domain/story.cadence.ts).
     */
    cadenceLevel: integer('cadence_level').notNull().default(0),
    /** When the level last moved: only stories posted since count towards the next move. */
    cadenceChangedAt: tz('cadence_changed_at'),
    /** The channel's name as the platform gave it when subscribing ("#engineering"), for the digest. */
    channelName: text('channel_name'),
    createdAt: createdAt(),
  },
  (t) => [unique('channel_subscriptions_conversation_id_kind_key').on(t.conversationId, t.kind)],
);

/** 'skipped': compose() found nothing to send any more; never retried. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'dead' | 'skipped';

export type DeliveryTarget =
  | { type: 'conversation'; platform: Platform; key: string }
  | { type: 'user'; platform: Platform; userId: string };

/** Where a sent message landed, as the ChatPort reported it. */
export type MessageRef = Posted;

/**
 * The durable outbound queue. A worker claims due rows with
 * FOR UPDATE SKIP LOCKED, marks them 'sending' with a lease, and the dedupe
 * key makes scheduling the same message twice a no-op.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    orgId: orgId(),
    kind: text('kind').notNull(),
    target: jsonb('target').$type<DeliveryTarget>().notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    dueAt: tz('due_at').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at').notNull(),
    /** While 'sending': after this a crashed worker's claim may be taken over. */
    leaseUntil: tz('lease_until'),
    lastError: text('last_error'),
    messageRef: jsonb('message_ref').$type<MessageRef>(),
    sentAt: tz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('deliveries_org_id_dedupe_key_key').on(t.orgId, t.dedupeKey),
    // The claim's walk (delivery.store.ts claimDue): due first, then the oldest planned, stopping at a batch.
    index('deliveries_due_idx').on(t.status, t.nextAttemptAt, t.createdAt),
  ],
);

export const storyPosts = pgTable(
  'story_posts',
  {
    id: id(),
    orgId: orgId(),
    storyId: uuid('story_id')
      .notNull()
      .references(() => stories.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    deliveryId: uuid('delivery_id').references(() => deliveries.id, { onDelete: 'set null' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    messageRef: jsonb('message_ref').$type<MessageRef>(),
    postedAt: tz('posted_at'),
  },
  (t) => [
    unique('story_posts_conversation_id_story_id_key').on(t.conversationId, t.storyId),
    // The digest: stories posted in a week, and engagement back to its post.
    index('story_posts_org_id_posted_at_idx').on(t.orgId, t.postedAt),
    // The digest: a team's stories' posts.
    index('story_posts_story_id_idx').on(t.storyId),
  ],
);

export type EngagementKind = 'reaction' | 'hear_more' | 'not_useful' | 'reply';

export const engagement = pgTable(
  'engagement',
  {
    id: id(),
    orgId: orgId(),
    storyPostId: uuid('story_post_id').references(() => storyPosts.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    kind: text('kind').$type<EngagementKind>().notNull(),
    detail: text('detail'),
    createdAt: createdAt(),
  },
  (t) => [
    index('engagement_org_id_kind_created_at_idx').on(t.orgId, t.kind, t.createdAt),
    // The digest: all engagement of a week, whatever its kind.
    index('engagement_org_id_created_at_idx').on(t.orgId, t.createdAt),
    // The digest: engagement with a team's posts in a period.
    index('engagement_story_post_id_created_at_idx').on(t.storyPostId, t.createdAt),
  ],
);

/** Whose work a manager's digest covers. */
export const teamMembers = pgTable(
  'team_members',
  {
    orgId: orgId(),
    managerId: uuid('manager_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.managerId, t.memberId] })],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: id(),
    orgId: orgId(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    subject: text('subject'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_org_id_created_at_idx').on(t.orgId, t.createdAt)],
);

/**
 * One-time codes that join another workspace or tenant to an organisation
 * (`/hallway pair`). Only a hash of the code is kept.
 */
export const pairCodes = pgTable(
  'pair_codes',
  {
    id: id(),
    orgId: orgId(),
    codeHash: text('code_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tz('expires_at').notNull(),
    usedAt: tz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [unique('pair_codes_code_hash_key').on(t.codeHash)],
);

/** Slack retries and redelivered Teams activities are dropped on this key. */
export const processedRequests = pgTable(
  'processed_requests',
  {
    // Nullable: a retry is dropped before its workspace (and so its org) is
    // looked up, and an install event arrives before the org exists.
    orgId: uuid('org_id').references(() => orgs.id, { onDelete: 'cascade' }),
    platform: text('platform').$type<Platform>().notNull(),
    requestKey: text('request_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.requestKey] }),
    index('processed_requests_created_at_idx').on(t.createdAt),
  ],
);

export type ReplanStatus = 'open' | 'done';

/**
 * A guided re-plan of one person, step by step (src/features/replan): where
 * it stands, what was answered and the steps walked (for Back), so that it
 * survives restarts and resumes from the reminder hours later. One open
 * re-plan per person; a finished one keeps its summary.
 */
export const replanFlows = pgTable(
  'replan_flows',
  {
    id: id(),
    orgId: orgId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The change it answers, closed when the re-plan is saved. */
    changeId: uuid('change_id').references(() => stakeholderChanges.id, { onDelete: 'set null' }),
    startedBy: uuid('started_by').references(() => users.id, { onDelete: 'set null' }),
    step: text('step').notNull(),
    /** Steps walked before this one, oldest first. */
    trail: jsonb('trail').$type<string[]>().notNull().default([]),
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
    status: text('status').$type<ReplanStatus>().notNull().default('open'),
    summary: text('summary'),
    /** The plan note that carries the summary and the intro-call follow-up. */
    noteId: uuid('note_id').references(() => notes.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
    completedAt: tz('completed_at'),
  },
  (t) => [
    uniqueIndex('replan_flows_open_person_key').on(t.personId).where(sql`status = 'open'`),
    index('replan_flows_org_id_person_id_idx').on(t.orgId, t.personId),
  ],
);

/**
 * A command waiting for its author to pick one of several accounts: the
 * buttons carry only this row's id, so a long note never has to fit in a
 * button value, and the text stays on the server until the pick (or expiry).
 */
export const pendingCommands = pgTable(
  'pending_commands',
  {
    id: id(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    command: text('command').$type<CommandName>().notNull(),
    text: text('text').notNull(),
    /** The account name as typed; the pick replaces it in `text`. */
    typed: text('typed').notNull(),
    createdAt: createdAt(),
    expiresAt: tz('expires_at').notNull(),
  },
  (t) => [index('pending_commands_org_id_expires_at_idx').on(t.orgId, t.expiresAt)],
);

/** Webhook signatures seen within the signature window: a replay of one is refused. */
export const webhookSignatures = pgTable(
  'webhook_signatures',
  {
    orgId: orgId(),
    signature: text('signature').notNull(),
    seenAt: tz('seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.signature] }), index('webhook_signatures_seen_at_idx').on(t.seenAt)],
);

/**
 * Send pacing shared by every instance: per bucket (a conversation, or a
 * workspace's ceiling) the next free send slot, and a hold after a 429.
 */
export const paceBuckets = pgTable(
  'pace_buckets',
  {
    orgId: orgId(),
    key: text('key').notNull(),
    nextFreeAt: tz('next_free_at').notNull(),
    heldUntil: tz('held_until'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index('pace_buckets_next_free_at_idx').on(t.nextFreeAt)],
);

export type PendingCommand = typeof pendingCommands.$inferSelect;
export type Org = typeof orgs.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;
export type User = typeof users.$inferSelect;
export type Conversation = typeof conversations.$inferSelect;
export type Account = typeof accounts.$inferSelect;
export type Person = typeof people.$inferSelect;
export type StakeholderRole = typeof stakeholderRoles.$inferSelect;
export type StakeholderChange = typeof stakeholderChanges.$inferSelect;
export type Note = typeof notes.$inferSelect;
export type NotePerson = typeof notePeople.$inferSelect;
export type FollowUp = typeof followUps.$inferSelect;
export type DiscoveryValue = typeof discoveryValues.$inferSelect;
export type Story = typeof stories.$inferSelect;
export type ChannelSubscription = typeof channelSubscriptions.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type StoryPost = typeof storyPosts.$inferSelect;
export type Engagement = typeof engagement.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type PairCode = typeof pairCodes.$inferSelect;
export type ProcessedRequest = typeof processedRequests.$inferSelect;
export type ReplanFlow = typeof replanFlows.$inferSelect;
