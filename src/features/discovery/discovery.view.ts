import { DISCOVERY_FIELDS, discoveryText, staleFields } from '../../domain/discovery.js';
import { spokenAge } from '../../domain/spoken.date.js';
import type { DiscoveryView } from '../../messages/discovery.message.js';
import type { PersonDiscovery } from './discovery.store.js';

/** A person's stored discovery as people read it, at `now` in the reader's zone. */
export function discoveryView(d: PersonDiscovery | undefined, now: Date, zone: string): DiscoveryView {
  const latest = d?.latest ?? {};
  const stale = staleFields(latest, now);
  return {
    known: DISCOVERY_FIELDS.flatMap((field) => {
      const v = latest[field];
      return v ? [{ field, text: discoveryText(field, v), age: spokenAge(v.at, now, zone), ...(v.by ? { by: v.by } : {}), stale: stale.includes(field) }] : [];
    }),
    missing: DISCOVERY_FIELDS.filter((f) => !latest[f]),
    suggested: (d?.suggested ?? []).map((s) => ({ id: s.id, field: s.field, text: discoveryText(s.field, s) })),
  };
}
