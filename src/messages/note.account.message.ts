import { discoveryBlocks, type DiscoveryView } from './discovery.message.js';
import type { Block, Message } from './message.js';
import { noteFields, personLabel, type NoteSummary } from './note.messages.js';

export interface AccountOverview {
  name: string;
  owner?: string;
  people: Array<{ name: string; title: string | null; roles: string[]; objectives: string[]; lastContact?: string; left: boolean; discovery?: DiscoveryView }>;
  notes: Array<NoteSummary & { author: string }>;
  /** Hidden because the asker may not see internal notes. */
  hiddenInternal: number;
  changes: Array<{ text: string; status: string; since: string }>;
  followUps: Array<{ text: string; dueOn: string | null; owner: string }>;
}

/** `/hallway account <name>`: who's who, the last notes, what is open. */
export function accountOverviewMessage(a: AccountOverview): Message {
  const blocks: Block[] = [{ type: 'header', text: a.name }];
  blocks.push({ type: 'context', text: `Owner: ${a.owner ?? 'nobody yet'} · ${a.people.filter((p) => !p.left).length} people` });

  const current = a.people.filter((p) => !p.left);
  if (current.length) {
    blocks.push({ type: 'text', text: "Who's who" });
    for (const p of current) {
      blocks.push({ type: 'person', name: p.name, ...(p.title ? { title: p.title } : {}) });
      const lines = [
        ...(p.roles.length ? [`Role: ${p.roles.join(', ')}`] : []),
        p.objectives.length ? `Objectives: ${p.objectives.join('; ')}` : 'Objectives: not known yet — ask them',
        `Last contact: ${p.lastContact ?? 'never'}`,
      ];
      blocks.push({ type: 'context', text: lines.join(' · ') });
      if (p.discovery) blocks.push(...discoveryBlocks(p.discovery));
    }
  } else {
    blocks.push({ type: 'text', text: "Nobody at this account is known yet. A call note naming people adds them." });
  }
  const left = a.people.filter((p) => p.left);
  if (left.length) blocks.push({ type: 'context', text: `Left: ${left.map(personLabel).join(', ')}` });

  blocks.push({ type: 'divider' }, { type: 'text', text: a.notes.length ? `Last ${a.notes.length === 1 ? 'note' : `${a.notes.length} notes`}` : 'No call notes yet.' });
  for (const n of a.notes) {
    const met = n.people.length ? ` with ${n.people.map((p) => p.name).join(', ')}` : '';
    blocks.push({ type: 'context', text: `${n.metOn} · ${n.author}${met}${n.internal ? ' · 🔒 internal' : ''}` });
    blocks.push(...noteFields(n).map((b) => (b.type === 'quote' && !n.consentToQuote ? { ...b, by: `${b.by ?? 'customer'} — not to be quoted` } : b)));
  }
  if (a.hiddenInternal) blocks.push({ type: 'context', text: `${a.hiddenInternal} internal note(s) are only shown to account managers and managers.` });

  if (a.changes.length) {
    blocks.push({ type: 'divider' }, { type: 'text', text: 'Open stakeholder changes' });
    blocks.push({ type: 'fields', fields: a.changes.map((c) => ({ label: c.text, value: `${c.status} since ${c.since}` })) });
  }
  if (a.followUps.length) {
    blocks.push({ type: 'divider' }, { type: 'text', text: 'Open follow-ups' });
    blocks.push({ type: 'fields', fields: a.followUps.map((f) => ({ label: f.text, value: `${f.owner}${f.dueOn ? ` · due ${f.dueOn}` : ''}` })) });
  }
  return { text: `${a.name}: who's who, recent notes, open changes`, blocks };
}
