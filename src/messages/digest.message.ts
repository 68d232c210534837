import { DateTime } from 'luxon';
import { STALE_WORKING_DAYS, type ChangeLine, type Compared, type DigestData } from '../domain/digest.model.js';
import { sparkline } from '../domain/digest.sparkline.js';
import { DISCOVERY_STALE_DAYS } from '../domain/discovery.js';
import { commandButton } from './command.button.js';
import type { Block, Button, ImageBlock, Message } from './message.js';
import { plural } from './wording.js';

export interface DigestMessageOptions {
  /** A preview of the week so far, asked for now, rather than the scheduled digest. */
  preview: boolean;
  /** Slack shows commands with their slash; Teams as plain words. */
  slash: boolean;
  /** The trend drawn as a PNG (see digest.chart.ts); without it, the text sparkline alone. */
  chart?: Uint8Array;
}

export const DIGEST_CHART_KEY = 'digest-trend';
/** Accounts offered as "Open …" buttons under what needs the manager. */
const OPEN_BUTTONS = 4;

/**
 * The weekly digest, as a manager reads it: first what needs them, with the
 * buttons to act; then what the team heard, who changed, and how stories
 * landed, each figure with its direction against last week; nothing that is
 * zero.
 */
export function digestMessage(d: DigestData, opts: DigestMessageOptions): Message {
  const cmd = (s: string) => (opts.slash ? `/${s}` : s);
  const sections = [needsYou(d), heard(d), changed(d), storiesLanded(d), trend(d, opts.chart)].filter((s): s is Block[] => s !== undefined);
  const blocks: Block[] = [
    { type: 'header', text: opts.preview ? 'Your week so far' : `Your week to ${local(d, d.window.at, 'ccc d LLL')}` },
    { type: 'context', text: `${scopeLine(d)} · the 7 days to ${local(d, d.window.at, 'ccc d LLL, HH:mm')} (${d.window.timezone})` },
  ];
  sections.forEach((section, i) => blocks.push(...(i > 0 ? [{ type: 'divider' } as Block] : []), ...section));
  if (sections.length === 0) blocks.push({ type: 'text', text: 'A quiet week: no notes, stakeholder changes, follow-ups or stories to report.' });
  blocks.push({
    type: 'context',
    text: `Change the day or time: ${cmd('hallway digest subscribe <day> HH:MM')} · whose work it covers: ${cmd('hallway team add @name')}`,
  });
  return { text: summaryText(d, opts.preview), blocks };
}

/** "12 ↑3", "7", "2 ↓1": this week, and how far it moved since last week. */
export function withChange(c: Compared): string {
  const delta = c.now - c.last;
  if (delta === 0) return `${c.now}`;
  return `${c.now} ${delta > 0 ? '↑' : '↓'}${Math.abs(delta)}`;
}

function summaryText(d: DigestData, preview: boolean): string {
  const what = preview ? 'Your week so far' : 'Your weekly digest';
  const asks = needs(d).length;
  const parts = [plural(d.conversations.notes.now, 'note'), `${plural(d.relationships.changes.now, 'stakeholder change')}`];
  return `${what}: ${asks ? `${plural(asks, 'thing')} need you; ` : ''}${parts.join(', ')}`;
}

function scopeLine(d: DigestData): string {
  if (d.scope.kind === 'org') return 'Everyone in the organisation';
  if (d.scope.kind === 'self') return 'Your own accounts';
  return `Your team of ${d.scope.size}`;
}

function local(d: DigestData, at: Date, format: string): string {
  return DateTime.fromJSDate(at, { zone: d.window.timezone }).toFormat(format, { locale: 'en-GB' });
}

const CHANGE_WORDS: Record<ChangeLine['kind'], string> = {
  joined: 'joined',
  left: 'left',
  replaced: 'took over',
  role_changed: 'changed role at',
};

function changeSentence(c: ChangeLine): string {
  if (c.kind === 'left') return `${c.person} left ${c.account}${c.role ? ` (${c.role})` : ''}`;
  if (c.kind === 'role_changed') return `${c.person} changed role at ${c.account}${c.role ? `: now ${c.role}` : ''}`;
  if (c.kind === 'replaced') return `${c.person} took over${c.role ? ` as ${c.role}` : ' a role'} at ${c.account}`;
  return `${c.person} ${CHANGE_WORDS[c.kind]} ${c.account}${c.role ? ` as ${c.role}` : ''}`;
}

interface Need {
  line: string;
  account?: string;
}

/** What a manager should act on: changes nobody has answered, reminders left open, accounts going cold, overdue follow-ups. */
function needs(d: DigestData): Need[] {
  const out: Need[] = [];
  for (const c of d.relationships.recent.filter((r) => r.status === 'open')) {
    out.push({ line: `${changeSentence(c)}: nobody has followed up yet`, account: c.account });
  }
  for (const s of d.relationships.staleByOwner.top.filter((r) => r.value.now > 0)) {
    out.push({ line: `${s.label} has ${plural(s.value.now, 'reminder')} open for more than ${STALE_WORKING_DAYS} working days` });
  }
  for (const a of d.goingCold.coldest) {
    out.push({ line: a.daysSilent === null ? `${a.account}: no call note yet` : `${a.account}: no call note for ${a.daysSilent} days`, account: a.account });
  }
  const moreCold = d.goingCold.count.now - d.goingCold.coldest.length;
  if (moreCold > 0) out.push({ line: `${plural(moreCold, 'more account')} going cold` });
  for (const f of d.followUps.byOwner.top.filter((r) => r.value.now > 0)) {
    out.push({ line: `${f.label} has ${plural(f.value.now, 'follow-up')} overdue` });
  }
  for (const p of d.discovery.staleByOwner.top.filter((r) => r.value.now > 0)) {
    out.push({ line: `${p.label}: discovery missing or older than ${DISCOVERY_STALE_DAYS} days for ${plural(p.value.now, 'person', 'people')}` });
  }
  return out;
}

function needsYou(d: DigestData): Block[] | undefined {
  const list = needs(d);
  if (list.length === 0) return undefined;
  const accounts = [...new Set(list.flatMap((n) => (n.account ? [n.account] : [])))].slice(0, OPEN_BUTTONS);
  const buttons: Button[] = accounts.map((a, i) => ({
    ...commandButton(`Open ${a}`, 'hallway', `account ${a}`),
    ...(i === 0 ? { style: 'primary' as const } : {}),
  }));
  return [
    { type: 'heading', text: `👉 Needs you (${list.length})` },
    { type: 'list', items: list.map((n) => n.line) },
    ...(buttons.length ? [{ type: 'actions', buttons } as Block] : []),
  ];
}

/** "12 notes ↑3 · 7 accounts": only the figures that are not zero. */
function figures(parts: Array<[Compared, string, string?]>): string {
  return parts
    .filter(([c]) => c.now > 0)
    .map(([c, one, many]) => `${c.now} ${c.now === 1 ? one : (many ?? `${one}s`)}${withChange(c).slice(String(c.now).length)}`)
    .join(' · ');
}

function heard(d: DigestData): Block[] | undefined {
  const c = d.conversations;
  const v = d.voice;
  if (c.notes.now === 0 && v.pains.length === 0 && v.quotes.length === 0) return undefined;
  const blocks: Block[] = [{ type: 'heading', text: '🗣 What the team heard' }];
  const line = figures([
    [c.notes, 'call note'],
    [c.accountsTouched, 'account', 'accounts'],
  ]);
  if (line) blocks.push({ type: 'text', text: line });
  const [quote] = v.quotes;
  if (quote) {
    const who = [quote.person && quote.title ? `${quote.person}, ${quote.title}` : quote.person, quote.account].filter(Boolean).join(' · ');
    blocks.push({ type: 'quote', text: quote.text, by: who });
  }
  const authors = c.byAuthor.top.filter((r) => r.value.now > 0);
  if (authors.length) {
    const more = c.byAuthor.total - c.byAuthor.top.length;
    blocks.push({ type: 'text', text: 'Who logged them' });
    blocks.push({ type: 'list', items: [...authors.map((r) => `${r.label}: ${withChange(r.value)}`), ...(more > 0 ? [`and ${more} more`] : [])] });
  }
  const pains = v.pains.filter((p) => p.value.now > 0);
  if (pains.length) {
    blocks.push({ type: 'text', text: 'Pains heard most' });
    blocks.push({ type: 'list', items: pains.map((p) => `${p.label}: ${withChange(p.value)}`) });
  }
  if (c.singleThreaded.now > 0) {
    blocks.push({ type: 'context', text: `${figures([[c.singleThreaded, 'account']])} single-threaded: only one person known there` });
  }
  return blocks;
}

const STATUS_WORDS: Record<ChangeLine['status'], string> = { open: 'not followed up yet', snoozed: 'snoozed', done: 'followed up' };

function changed(d: DigestData): Block[] | undefined {
  const r = d.relationships;
  const acted = r.recent.filter((c) => c.status !== 'open');
  if (acted.length === 0 && r.done.now === 0) return undefined;
  const blocks: Block[] = [{ type: 'heading', text: '🤝 Changes at customers' }];
  const line = figures([
    [r.changes, 'change'],
    [r.done, 'followed up', 'followed up'],
    [r.snoozed, 'snoozed', 'snoozed'],
  ]);
  if (line) blocks.push({ type: 'text', text: line });
  if (acted.length) blocks.push({ type: 'list', items: acted.map((c) => `${changeSentence(c)}: ${STATUS_WORDS[c.status]}`) });
  const more = r.changes.now - r.recent.length;
  if (more > 0) blocks.push({ type: 'context', text: `and ${plural(more, 'more change')}` });
  return blocks;
}

function storiesLanded(d: DigestData): Block[] | undefined {
  const s = d.stories;
  if (s.posted.now === 0 && !s.top && s.slowed.length === 0) return undefined;
  const blocks: Block[] = [{ type: 'heading', text: '📣 How stories landed' }];
  const line = figures([
    [s.posted, 'story posted', 'stories posted'],
    [s.reactions, 'reaction'],
    [s.hearMore, '"hear more" ask'],
    [s.notUseful, '"not useful"', '"not useful"'],
  ]);
  if (line) blocks.push({ type: 'text', text: line });
  if (s.top) {
    const counts = [
      s.top.reactions ? plural(s.top.reactions, 'reaction') : '',
      s.top.hearMore ? plural(s.top.hearMore, '"hear more" ask') : '',
      s.top.replies ? plural(s.top.replies, 'reply', 'replies') : '',
    ].filter(Boolean);
    blocks.push({ type: 'context', text: `Most engaging: "${s.top.title}"${counts.length ? ` (${counts.join(', ')})` : ''}` });
  }
  const next = s.engagedMost.slice(1);
  if (next.length) blocks.push({ type: 'text', text: `Then: ${next.map((t) => `"${t.title}" (${plural(t.reactions + t.hearMore + t.replies, 'response')})`).join(', ')}` });
  if (s.slowed.length) {
    blocks.push({ type: 'context', text: `Slowed down, as nobody engaged: ${s.slowed.map((c) => `${c.channel} (now ${c.cadence})`).join('; ')}` });
  }
  return blocks;
}

function trend(d: DigestData, chart: Uint8Array | undefined): Block[] | undefined {
  const series = [
    { label: 'Call notes', values: d.trend },
    { label: 'Changes acted on', values: d.trendActed },
    { label: 'Story engagement', values: d.trendEngaged },
  ].filter((s) => s.values.some((v) => v > 0));
  if (series.length === 0) return undefined;
  const heading: Block = { type: 'heading', text: `📈 The last ${d.trend.length} weeks` };
  const lines = series.map((s) => `${s.label}: ${sparkline(s.values)}  ${s.values.join(' · ')}`);
  if (!chart) return [heading, { type: 'list', items: lines }, { type: 'context', text: 'Oldest to newest' }];
  const image: ImageBlock = {
    type: 'image',
    key: DIGEST_CHART_KEY,
    png: chart,
    alt: `Per week, oldest to newest: ${series.map((s) => `${s.label.toLowerCase()} ${s.values.join(', ')}`).join('; ')}`,
    fallback: lines.join('\n'),
  };
  return [heading, image];
}
