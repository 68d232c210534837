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
  uuid,
} from 'drizzle-orm/pg-core';
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

export type UserRole = 'engineer' | 'account_manager' | 'manager';

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
    role: text('role').$type<UserRole>().notNull().default('engineer'),
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
    // The digest: a team's notes over the last weeks.
    index('notes_author_id_met_at_idx').on(t.authorId, t.metAt),
    // The digest: which accounts the whole organisation heard from in a period (index-only).
    index('notes_org_id_met_at_account_id_idx').on(t.orgId, t.metAt, t.accountId),
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
    createdAt: createdAt(),
  },
  (t) => [index('stories_note_id_idx').on(t.noteId)],
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
    index('deliveries_status_next_attempt_at_idx').on(t.status, t.nextAttemptAt),
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
export type Story = typeof stories.$inferSelect;
export type ChannelSubscription = typeof channelSubscriptions.$inferSelect;
export type Delivery = typeof deliveries.$inferSelect;
export type StoryPost = typeof storyPosts.$inferSelect;
export type Engagement = typeof engagement.$inferSelect;
export type TeamMember = typeof teamMembers.$inferSelect;
export type AuditLogEntry = typeof auditLog.$inferSelect;
export type ProcessedRequest = typeof processedRequests.$inferSelect;
