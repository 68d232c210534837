import { discoveryClauses } from './discovery.js';
import { personText } from './note.parser.js';
import type { NoteDraft } from './note.types.js';

/**
 * A draft written back in the quick syntax: what a form submission is echoed
 * as, and what re-runs it after picking one of several accounts.
 */
export function draftToCommandText(d: NoteDraft): string {
  const parts: string[] = [];
  if (d.quote) parts.push(`"${d.quote.replace(/["“”„]/g, "'")}"`);
  if (d.summary) parts.push(d.summary);
  if (d.pains.length) parts.push(`pain: ${d.pains.join('; ')}`);
  if (d.wants.length) parts.push(`want: ${d.wants.join('; ')}`);
  if (d.followUps.length) parts.push(`follow-up: ${d.followUps.map((f) => (f.dueOn ? `${f.text} by ${f.dueOn}` : f.text)).join('; ')}`);
  if (d.sentiment) parts.push(`sentiment: ${d.sentiment}`);
  if (d.discovery) parts.push(...discoveryClauses(d.discovery).map((c) => `${c};`));
  const flags = [...(d.internal ? ['#internal'] : []), ...(d.consentToQuote ? [] : ['#noquote']), ...d.tags.map((t) => `#${t}`)];
  const people = d.people.length ? ` with ${d.people.map(personText).join(', ')}` : '';
  return `${d.account}${people}: ${[...parts, ...flags].join(' ')}`.trim();
}
