import { z } from 'zod';

/*
 * The shape of every field the adapter reads, checked before botbuilder sees
 * the activity: a malformed one is the caller's mistake and gets a 400 naming
 * the field, instead of a 200 and an error in our logs. Fields we do not read
 * pass through untouched (Teams adds new ones often). Absent and null are the
 * same "not there"; anything else of the wrong type is refused.
 */

const id = z.string().min(1, 'expected a non-empty id');
const maybe = <T extends z.ZodType>(t: T) => t.nullish();

const account = z.looseObject({ id, name: maybe(z.string()), aadObjectId: maybe(z.string()) });

const httpUrl = z.string().refine((s) => {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}, 'expected an http(s) URL');

const entity = z.looseObject({
  type: z.string(),
  text: maybe(z.string()),
  mentioned: maybe(z.looseObject({ id: z.string(), name: maybe(z.string()) })),
});

const reaction = z.looseObject({ type: z.string().min(1, 'expected a reaction type') });

export const activitySchema = z.looseObject({
  type: z.string().min(1, 'expected an activity type'),
  id: maybe(z.string()),
  serviceUrl: httpUrl,
  channelId: maybe(z.string()),
  conversation: z.looseObject({
    id,
    conversationType: maybe(z.string()),
    tenantId: maybe(z.string()),
    isGroup: maybe(z.boolean()),
  }),
  from: account,
  recipient: account,
  text: maybe(z.string()),
  localTimezone: maybe(z.string()),
  replyToId: maybe(z.string()),
  entities: maybe(z.array(entity)),
  attachments: maybe(z.array(z.looseObject({ contentType: z.string() }))),
  reactionsAdded: maybe(z.array(reaction)),
  reactionsRemoved: maybe(z.array(reaction)),
  membersAdded: maybe(z.array(account)),
  membersRemoved: maybe(z.array(account)),
  value: maybe(z.record(z.string(), z.unknown(), { error: 'expected an object' })),
  channelData: maybe(z.looseObject({ tenant: maybe(z.looseObject({ id: z.string() })) })),
});

/** "text: expected a string; entities.0: expected an object" — what was wrong, by field. */
export function activityProblems(body: unknown): string | undefined {
  const parsed = activitySchema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
}

/**
 * Null fields the schema reads as "not there" removed, in place, so that
 * botbuilder (which tests for undefined, e.g. `entities.length`) agrees.
 */
export function dropNullFields(activity: Record<string, unknown>): void {
  for (const key of Object.keys(activitySchema.shape)) if (activity[key] === null) delete activity[key];
}
