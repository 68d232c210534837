import type { Database } from '../../db/client.js';
import { changedDiscovery, hasDiscovery, isProblem } from '../../domain/discovery.js';
import type { FormValues } from '../../messages/message.js';
import type { DiscoveryPrefill } from '../../messages/discovery.message.js';
import { UserError } from '../errors.js';
import type { Identity } from '../identity.js';
import { loadDiscovery, recordDiscovery } from './discovery.store.js';

/** The person form opens with what we know now. */
export async function discoveryPrefill(db: Database, orgId: string, personId: string): Promise<DiscoveryPrefill> {
  const latest = (await loadDiscovery(db, orgId, [personId])).get(personId)?.latest ?? {};
  return {
    need: latest.need?.value,
    now: latest.now?.value,
    goal: latest.goal?.value,
    readyLevel: latest.ready?.level ?? undefined,
    readyWhy: latest.ready?.value || undefined,
    capacity: latest.capacity?.value,
  };
}

/** The person form's discovery fields, added to the history where they changed. */
export async function saveFormDiscovery(db: Database, who: Identity, personId: string, values: FormValues, now: Date, echo: string): Promise<void> {
  const latest = (await loadDiscovery(db, who.orgId, [personId])).get(personId)?.latest ?? {};
  const changed = changedDiscovery(values, latest);
  if (isProblem(changed)) throw new UserError(changed.code, changed.message, echo, changed.hint);
  if (!hasDiscovery(changed)) return;
  await recordDiscovery(db, { orgId: who.orgId, personIds: [personId], input: changed, at: now, setBy: who.userId, source: 'person_form' });
}
