import { DateTime } from 'luxon';
import {
  formatCompared,
  isQuiet,
  STALE_WORKING_DAYS,
  type ChangeLine,
  type DigestData,
  type RankedList,
} from '../domain/digest.model.js';
import { sparkline } from '../domain/digest.sparkline.js';
import { DISCOVERY_STALE_DAYS } from '../domain/discovery.js';
import type { Block, Message } from './message.js';

export interface DigestMessageOptions {
  /** A preview of the week so far, asked for now, rather than the scheduled digest. */
  preview: boolean;
  /** Slack shows commands with their slash; Teams as plain words. */
  slash: boolean;
}

/** The weekly digest: each section only when it has something to say, each figure beside last week's. */
export function digestMessage(d: DigestData, opts: DigestMessageOptions): Message {
  const sections = [conversations(d), relationships(d), goingCold(d), followUps(d), voice(d), stories(d), trend(d)].filter(
    (s): s is Block[] => s !== undefined,
  );
  const cmd = (s: string) => (opts.slash ? `/${s}` : s);
  const blocks: Block[] = [
    { type: 'header', text: opts.preview ? 'Your digest so far' : 'Your weekly digest' },
    { type: 'context', text: `${scopeLine(d)} · the 7 days to ${local(d, d.window.at, 'ccc d LLL HH:mm')} (${d.window.timezone})` },
  ];
  for (const section of sections) blocks.push({ type: 'divider' }, ...section);
  if (sections.length === 0) blocks.push({ type: 'text', text: 'A quiet week: no notes, stakeholder changes, follow-ups or stories to report.' });
  blocks.push({
    type: 'context',
    text: `Change the day or time: ${cmd('hallway digest subscribe <day> HH:MM')} · whose work it covers: ${cmd('hallway team add @name')}`,
  });
  return { text: summaryText(d, opts.preview), blocks };
}

function summaryText(d: DigestData, preview: boolean): string {
  const c = d.conversations.notes;
  const what = preview ? 'Digest so far' : 'Weekly digest';
  return `${what}: ${plural(c.now, 'note')} (last week ${c.last}), ${plural(d.relationships.changes.now, 'stakeholder change')}, ${plural(d.goingCold.count.now, 'account')} going cold`;
}

function scopeLine(d: DigestData): string {
  if (d.scope.kind === 'org') return 'Everyone in the organisation';
  if (d.scope.kind === 'self') return 'Your own accounts';
  return `Your team of ${d.scope.size}`;
}

function local(d: DigestData, at: Date, format: string): string {
  return DateTime.fromJSDate(at, { zone: d.window.timezone }).toFormat(format);
}

const title = (text: string): Block => ({ type: 'text', text });

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "• Maria Jensen — 5 (last week 3)" lines, with "and N more" when cut. */
function rankedLines(heading: string, list: RankedList): Block[] {
  if (list.top.length === 0) return [];
  const lines = list.top.map((r) => `• ${r.label} — ${formatCompared(r.value)}`);
  if (list.total > list.top.length) lines.push(`and ${list.total - list.top.length} more`);
  return [{ type: 'text', text: `${heading}\n${lines.join('\n')}` }];
}

function conversations(d: DigestData): Block[] | undefined {
  const c = d.conversations;
  if ([c.notes, c.accountsTouched, c.singleThreaded].every(isQuiet)) return undefined;
  return [
    title('🗣 Conversations'),
    {
      type: 'fields',
      fields: [
        { label: 'Notes', value: formatCompared(c.notes) },
        { label: 'Accounts touched', value: formatCompared(c.accountsTouched) },
        { label: 'Single-threaded accounts', value: `${formatCompared(c.singleThreaded)}: we know only one active person` },
      ],
    },
    ...rankedLines('Notes by account manager:', c.byAuthor),
  ];
}

const CHANGE_WORDS: Record<ChangeLine['kind'], string> = {
  joined: 'joined',
  left: 'left',
  replaced: 'took over a role',
  role_changed: 'changed role',
};
const STATUS_WORDS: Record<ChangeLine['status'], string> = { open: 'reminder open', snoozed: 'snoozed', done: 'done' };

function changeLine(c: ChangeLine): string {
  const role = c.role && c.kind !== 'left' ? ` as ${c.role}` : '';
  return `• ${c.account}: ${c.person} ${CHANGE_WORDS[c.kind]}${role} (${STATUS_WORDS[c.status]})`;
}

function relationships(d: DigestData): Block[] | undefined {
  const r = d.relationships;
  if ([r.changes, r.open, r.snoozed, r.done].every(isQuiet) && r.staleByOwner.top.length === 0 && d.discovery.staleByOwner.top.length === 0) return undefined;
  const blocks: Block[] = [
    title('🤝 Relationships'),
    {
      type: 'fields',
      fields: [
        { label: 'Stakeholder changes', value: formatCompared(r.changes) },
        { label: 'Reminders open', value: formatCompared(r.open) },
        { label: 'Reminders snoozed', value: formatCompared(r.snoozed) },
        { label: 'Reminders done', value: formatCompared(r.done) },
      ],
    },
  ];
  if (r.recent.length > 0) {
    const more = r.changes.now > r.recent.length ? `\nand ${r.changes.now - r.recent.length} more` : '';
    blocks.push({ type: 'text', text: `Who changed this week:\n${r.recent.map(changeLine).join('\n')}${more}` });
  }
  blocks.push(...rankedLines(`Reminders open longer than ${STALE_WORKING_DAYS} working days, by owner:`, r.staleByOwner));
  blocks.push(...rankedLines(`People whose discovery is missing or older than ${DISCOVERY_STALE_DAYS} days, by account manager:`, d.discovery.staleByOwner));
  return blocks;
}

function goingCold(d: DigestData): Block[] | undefined {
  const g = d.goingCold;
  if (isQuiet(g.count)) return undefined;
  const lines = g.coldest.map((a) => `• ${a.account} — ${a.daysSilent === null ? 'no note yet' : `${plural(a.daysSilent, 'day')} since the last note`}`);
  const more = g.count.now > g.coldest.length ? [`and ${g.count.now - g.coldest.length} more`] : [];
  return [
    title('🧊 Going cold'),
    { type: 'text', text: [`Accounts with no note in ${g.days} days: ${formatCompared(g.count)}`, ...lines, ...more].join('\n') },
  ];
}

function followUps(d: DigestData): Block[] | undefined {
  const f = d.followUps;
  if (isQuiet(f.overdue)) return undefined;
  return [
    title('⏰ Follow-ups overdue'),
    { type: 'text', text: `Overdue: ${formatCompared(f.overdue)}` },
    ...rankedLines('By owner:', f.byOwner),
  ];
}

function voice(d: DigestData): Block[] | undefined {
  const v = d.voice;
  if (v.pains.length === 0 && v.quotes.length === 0) return undefined;
  const blocks: Block[] = [title('💬 Voice of the customer')];
  if (v.pains.length > 0) {
    blocks.push({ type: 'text', text: `Pains heard most:\n${v.pains.map((p) => `• ${p.label} — ${formatCompared(p.value)}`).join('\n')}` });
  }
  for (const q of v.quotes) {
    const who = [q.person && q.title ? `${q.person}, ${q.title}` : q.person, q.account].filter(Boolean).join(' · ');
    blocks.push({ type: 'quote', text: q.text, by: who });
  }
  return blocks;
}

function stories(d: DigestData): Block[] | undefined {
  const s = d.stories;
  if ([s.posted, s.reactions, s.hearMore, s.notUseful].every(isQuiet) && !s.top && s.slowed.length === 0) return undefined;
  const blocks: Block[] = [
    title('📣 Stories'),
    {
      type: 'fields',
      fields: [
        { label: 'Posted', value: formatCompared(s.posted) },
        { label: 'Reactions', value: formatCompared(s.reactions) },
        { label: '"Hear more" asks', value: formatCompared(s.hearMore) },
        { label: '"Not useful"', value: formatCompared(s.notUseful) },
      ],
    },
  ];
  if (s.top) {
    const counts = [plural(s.top.reactions, 'reaction'), plural(s.top.hearMore, 'hear-more ask'), plural(s.top.replies, 'reply', 'replies')];
    blocks.push({ type: 'text', text: `Engineers engaged most with "${s.top.title}": ${counts.join(', ')}` });
  }
  const next = s.engagedMost.slice(1);
  if (next.length) blocks.push({ type: 'text', text: `Then: ${next.map((t) => `"${t.title}" (${plural(t.reactions + t.hearMore + t.replies, 'response')})`).join(', ')}` });
  if (s.slowed.length) {
    blocks.push({ type: 'context', text: `Slowed down, as nobody engaged: ${s.slowed.map((c) => `${c.channel} (now ${c.cadence})`).join('; ')}` });
  }
  return blocks;
}

function trend(d: DigestData): Block[] | undefined {
  if (d.trend.every((n) => n === 0)) return undefined;
  return [
    title(`📈 Notes per week, last ${d.trend.length} weeks`),
    { type: 'text', text: sparkline(d.trend) },
    { type: 'context', text: `Oldest to newest: ${d.trend.join(' · ')}` },
  ];
}

