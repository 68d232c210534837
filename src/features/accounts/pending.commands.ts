import { and, eq, gt, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { CommandName } from '../../chat/inbound.js';
import type { Database } from '../../db/client.js';
import { accounts, pendingCommands } from '../../db/schema.js';
import type { Clock } from '../../domain/clock.js';
import { safeJson } from '../../domain/json.js';
import type { Button } from '../../messages/message.js';
import { UserError } from '../errors.js';
import type { Identity } from '../identity.js';

/** How long a "which account did you mean?" choice can still be clicked. */
export const PENDING_TTL_MS = 24 * 60 * 60_000;

export const PICK_ACTION = 'account.pick';

/**
 * Thrown by resolveAccount when the person must pick an account. The command
 * is kept server-side only when this becomes a reply (after any transaction
 * the resolver ran in has ended), by PendingCommands.offer: the buttons then
 * carry that row's id, never the command itself.
 */
export class AccountChoiceNeeded extends UserError {
  constructor(
    code: 'account_ambiguous' | 'account_unknown',
    userMessage: string,
    echo: string,
    hint: string,
    readonly orgId: string,
    readonly candidates: Array<{ id: string; name: string }>,
    readonly retry: { command: CommandName; text: string; typed: string },
  ) {
    super(code, userMessage, echo, hint);
  }
}

const pickSchema = z.object({ pending: z.uuid(), account: z.uuid() });
export type PickValue = z.infer<typeof pickSchema>;

export interface PendingCommands {
  /** Keeps the command for a day and answers with one button per candidate account. */
  offer(err: AccountChoiceNeeded, who: Identity): Promise<UserError>;
  /** The command to run for a click on a candidate: the typed name replaced by the account picked. */
  take(value: string, who: Identity): Promise<{ command: CommandName; text: string }>;
}

export function createPendingCommands(db: Database, clock: Clock): PendingCommands {
  return {
    async offer(err, who) {
      const now = clock.now();
      // Expired choices of this organisation go whenever a new one is made; nothing else reads them.
      await db.delete(pendingCommands).where(and(eq(pendingCommands.orgId, who.orgId), lte(pendingCommands.expiresAt, now)));
      const [row] = await db
        .insert(pendingCommands)
        .values({
          orgId: who.orgId,
          userId: who.userId,
          command: err.retry.command,
          text: err.retry.text,
          typed: err.retry.typed,
          expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
        })
        .returning({ id: pendingCommands.id });
      const buttons: Button[] = err.candidates.map((a) => ({
        actionId: PICK_ACTION,
        label: a.name,
        value: JSON.stringify({ pending: row!.id, account: a.id } satisfies PickValue),
      }));
      return new UserError(err.code, err.userMessage, err.echo, err.hint, buttons);
    },

    async take(value, who) {
      const pick = pickSchema.safeParse(safeJson(value));
      if (!pick.success) throw new UserError('pick_invalid', 'That choice could not be read; please type the command again.');
      const [row] = await db
        .select()
        .from(pendingCommands)
        .where(
          and(
            eq(pendingCommands.id, pick.data.pending),
            eq(pendingCommands.orgId, who.orgId),
            eq(pendingCommands.userId, who.userId),
            gt(pendingCommands.expiresAt, clock.now()),
          ),
        );
      if (!row) throw new UserError('pick_expired', 'That choice is no longer available (choices last a day); please type the command again.');
      const [account] = await db
        .select({ name: accounts.name })
        .from(accounts)
        .where(and(eq(accounts.id, pick.data.account), eq(accounts.orgId, who.orgId)));
      if (!account) throw new UserError('pick_gone', 'That account no longer exists.', `/${row.command} ${row.text}`, 'Type the command again with another account.');
      const text = row.typed && row.text.includes(row.typed) ? row.text.replace(row.typed, account.name) : `${account.name} ${row.text}`;
      return { command: row.command, text };
    },
  };
}
