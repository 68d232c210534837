import type { DigestData } from '../../src/domain/digest.model.js';
import { digestWindow } from '../../src/domain/digest.week.js';
import { buildNoteForm } from '../../src/features/notes/note.form.js';
import { digestChart } from '../../src/messages/digest.chart.js';
import { digestMessage } from '../../src/messages/digest.message.js';
import { helpMessage } from '../../src/messages/help.message.js';
import type { Form, Message } from '../../src/messages/message.js';
import { accountOverviewMessage } from '../../src/messages/note.account.message.js';
import { followUpDueMessage, noteSavedMessage, noteUndoneMessage, type NoteSummary } from '../../src/messages/note.messages.js';
import { errorMessage, infoMessage } from '../../src/messages/reply.messages.js';
import { goingColdMessage, reminderMessage } from '../../src/messages/stakeholder.reminder.js';
import { personForm, rosterMessage } from '../../src/messages/stakeholder.roster.js';
import { hearMoreMessage, storyMessage } from '../../src/messages/story.message.js';

/**
 * Every message and form the bot sends, filled with a small, believable
 * book of customers: what the gallery shows and what its test checks.
 * Names are display names, as the builders receive them.
 */
export interface GalleryEntry {
  /** File name: lowercase, dashes. */
  name: string;
  /** Who receives it and when, for the reviewer. */
  about: string;
  /** Slack shows commands with a slash, Teams as plain words; builders that care get told. */
  build: (opts: { slash: boolean }) => { message: Message } | { form: Form };
}

/** The instant the fixtures are seen at: Fri 27 Nov 2026, 10:00 in New York. */
export const GALLERY_NOW = new Date('2026-11-27T15:00:00Z');

/** Customer words full of characters that chat markup would eat. */
const TRICKY_QUOTE = 'Month-end takes *two* days; our ops_lead re-keys every invoice by hand. `Ctrl-V` is our integration.';

const note: NoteSummary = {
  noteId: 'n-0001',
  account: 'Cobalt Health',
  metOn: '2026-11-27',
  people: [
    { name: 'Rosa Diaz', title: 'VP Finance' },
    { name: 'Tom Okafor', title: null },
  ],
  summary: 'Quarterly check-in. They are piloting the reconciliation beta in one region.',
  quote: TRICKY_QUOTE,
  pains: ['manual reconciliation at month-end', 'audit trail lives in spreadsheets'],
  wants: ['auto-matching of invoices to payments'],
  followUps: [{ text: 'send the beta invite', dueOn: '2026-12-01', ownerName: 'Ana Lima' }],
  sentiment: 'positive',
  internal: false,
  consentToQuote: true,
  tags: ['payments'],
};

function digestData(): DigestData {
  return {
    window: digestWindow(new Date('2026-11-30T14:00:00Z'), 'America/New_York'),
    scope: { kind: 'team', size: 4 },
    conversations: {
      notes: { now: 12, last: 9 },
      accountsTouched: { now: 7, last: 7 },
      singleThreaded: { now: 2, last: 3 },
      byAuthor: {
        top: [
          { label: 'Ana Lima', value: { now: 5, last: 3 } },
          { label: 'Ben Okafor', value: { now: 4, last: 4 } },
          { label: 'Chloé Martin', value: { now: 3, last: 2 } },
        ],
        total: 3,
      },
    },
    relationships: {
      changes: { now: 3, last: 1 },
      open: { now: 2, last: 1 },
      snoozed: { now: 0, last: 0 },
      done: { now: 1, last: 0 },
      staleByOwner: { top: [{ label: 'Ben Okafor', value: { now: 1, last: 0 } }], total: 1 },
      recent: [
        { account: 'Cobalt Health', person: 'Priya Shah', kind: 'replaced', role: 'CFO', status: 'open' },
        { account: 'Northwind', person: 'Tom Reed', kind: 'left', role: 'Head of IT', status: 'done' },
        { account: 'Globex', person: 'Mei Chen', kind: 'joined', role: 'Controller', status: 'open' },
      ],
    },
    goingCold: {
      days: 30,
      count: { now: 2, last: 1 },
      coldest: [
        { account: 'Initech', daysSilent: 41 },
        { account: 'Umbrella Corp', daysSilent: null },
      ],
    },
    followUps: { overdue: { now: 1, last: 2 }, byOwner: { top: [{ label: 'Ana Lima', value: { now: 1, last: 1 } }], total: 1 } },
    discovery: { staleByOwner: { top: [{ label: 'Ben Okafor', value: { now: 2, last: 1 } }], total: 1 } },
    voice: {
      pains: [
        { label: 'manual reconciliation', value: { now: 4, last: 2 } },
        { label: 'audit trail', value: { now: 2, last: 2 } },
      ],
      quotes: [{ text: TRICKY_QUOTE, person: 'Rosa Diaz', title: 'VP Finance', account: 'Cobalt Health' }],
    },
    stories: {
      posted: { now: 5, last: 5 },
      reactions: { now: 14, last: 9 },
      hearMore: { now: 2, last: 0 },
      notUseful: { now: 0, last: 1 },
      top: { title: 'Two days lost every month-end', reactions: 6, hearMore: 2, replies: 3 },
      engagedMost: [
        { title: 'Two days lost every month-end', reactions: 6, hearMore: 2, replies: 3 },
        { title: 'Forty passwords per store manager', reactions: 3, hearMore: 1, replies: 0 },
      ],
      slowed: [{ channel: '#payments-eng', cadence: 'on Mondays, Wednesdays and Fridays' }],
    },
    trend: [4, 6, 5, 8, 7, 9, 9, 12],
    trendActed: [1, 0, 2, 1, 1, 0, 0, 1],
    trendEngaged: [3, 5, 4, 9, 6, 8, 11, 16],
  };
}

export const GALLERY: GalleryEntry[] = [
  {
    name: 'story',
    about: "Engineers' channel, every weekday: the daily customer story",
    build: () => ({
      message: storyMessage({
        draft: {
          title: 'Two days lost every month-end',
          body: 'Rosa runs finance at Cobalt Health. Every month-end her team matches invoices to payments by hand, and the books stay open two extra days.',
          quote: TRICKY_QUOTE,
        },
        person: { name: 'Rosa Diaz', title: 'VP Finance' },
        account: 'Cobalt Health',
        pains: note.pains,
        wants: note.wants,
        loggedBy: 'Ana Lima',
        loggedOn: '27 Nov 2026',
        postId: 'p-0001',
      }),
    }),
  },
  {
    name: 'hear-more',
    about: 'Account owner, DM: an engineer asked to hear more',
    build: () => ({ message: hearMoreMessage({ engineer: 'Sam Patel', person: 'Rosa Diaz', account: 'Cobalt Health', quote: TRICKY_QUOTE }) }),
  },
  {
    name: 'note-saved',
    about: 'Account manager, private: a call note was saved',
    build: () => ({ message: noteSavedMessage(note, [{ personId: 'pe-2', name: 'Tom Okafor', title: null }]) }),
  },
  { name: 'note-undone', about: 'Account manager, private: Undo', build: () => ({ message: noteUndoneMessage('Cobalt Health') }) },
  {
    name: 'follow-up-due',
    about: 'Follow-up owner, DM, on the morning it is due',
    build: () => ({
      message: followUpDueMessage({ id: 'f-1', text: 'send the beta invite', account: 'Cobalt Health', people: ['Rosa Diaz', 'Tom Okafor'], metOn: '2026-11-27' }),
    }),
  },
  {
    name: 'account-overview',
    about: '/hallway account Cobalt',
    build: () => ({
      message: accountOverviewMessage({
        name: 'Cobalt Health',
        owner: 'Ana Lima',
        people: [
          { personId: 'pe-1', name: 'Rosa Diaz', title: 'VP Finance', roles: ['Economic buyer'], objectives: ['close the books in 3 days', 'pass the audit without findings'], lastContact: '2026-11-27', left: false },
          { personId: 'pe-2', name: 'Tom Okafor', title: null, roles: [], objectives: [], lastContact: '2026-11-27', left: false },
          { name: 'Grace Hopper', title: 'CFO', roles: ['Sponsor'], objectives: [], left: true },
        ],
        notes: [{ ...note, author: 'Ana Lima' }],
        hiddenInternal: 1,
        changes: [{ text: 'Priya Shah replaces Grace Hopper as CFO', status: 'open', since: '2026-11-18' }],
        followUps: [{ text: 'send the beta invite', dueOn: '2026-12-01', owner: 'Ana Lima' }],
        today: '2026-12-06',
      }),
    }),
  },
  {
    name: 'reminder',
    about: 'Account owner, DM: someone at their customer changed',
    build: () => ({
      message: reminderMessage({
        changeId: 'c-1',
        kind: 'replaced',
        source: 'import',
        round: 2,
        account: 'Cobalt Health',
        person: { name: 'Priya Shah', title: 'CFO', objectives: [], operatingStyle: null, preferences: null },
        previous: { name: 'Grace Hopper', title: 'CFO', objectives: ['cut audit fees'], operatingStyle: 'Data first; decides in the meeting', preferences: 'Short e-mails' },
        role: 'CFO',
        since: 'Wed 18 Nov',
      }),
    }),
  },
  {
    name: 'going-cold',
    about: 'Account owner, DM: a key person has not been met for a while',
    build: () => ({
      message: goingColdMessage({ personId: 'pe-1', name: 'Rosa Diaz', title: 'VP Finance', account: 'Cobalt Health', days: 41, lastMet: '17 Oct' }),
    }),
  },
  {
    name: 'roster',
    about: '/stakeholder Cobalt list',
    build: () => ({
      message: rosterMessage({
        account: 'Cobalt Health',
        owner: 'Ana Lima',
        current: [
          { personId: 'pe-1', name: 'Rosa Diaz', role: 'VP Finance', since: '3 Mar 2025', objectives: ['close the books in 3 days'], operatingStyle: 'Data first', preferences: null },
          { personId: 'pe-3', name: 'Priya Shah', role: 'CFO', since: '18 Nov 2026', objectives: [], operatingStyle: null, preferences: null },
        ],
        others: [{ personId: 'pe-2', name: 'Tom Okafor', title: null }],
        history: [{ name: 'Grace Hopper', role: 'CFO', since: '3 Mar 2024', until: '18 Nov 2026' }],
        openChanges: 1,
      }),
    }),
  },
  {
    name: 'digest',
    about: "Manager, DM, Monday 09:00: the weekly digest",
    build: ({ slash }) => ({ message: digestMessage(digestData(), { preview: false, slash, chart: digestChart(digestData()) }) }),
  },
  { name: 'help', about: '/hallway help', build: ({ slash }) => ({ message: helpMessage({ slash }) }) },
  {
    name: 'error',
    about: 'Anyone, private: a command Hallway could not read',
    build: () => ({
      message: errorMessage(
        'I could not find the account "Cobal".',
        'Did you mean one of these?',
        '/callnote Cobal with Rosa Diaz: "We lose two days every month-end"',
        [
          { actionId: 'account.pick', label: 'Cobalt Health', value: 'a-1' },
          { actionId: 'account.pick', label: 'Cobalt Labs', value: 'a-2' },
        ],
      ),
    }),
  },
  {
    name: 'subscribed',
    about: 'Channel: stories subscribed (system text must come back exactly as typed)',
    build: () => ({ message: infoMessage('Stories every weekday at 09:30 (America/New_York) in this channel, tagged payments.', 'Stop them with /hallway unsubscribe') }),
  },
  {
    name: 'form-note',
    about: '/callnote with no text: the call-note form',
    build: () => ({
      form: buildNoteForm(
        { account: 'Cobalt Health', people: 'Rosa Diaz (VP Finance)' },
        { accounts: ['Cobalt Health', 'Globex', 'Northwind'], owners: [{ label: 'Ana Lima', value: 'U_ANA' }], today: '2026-11-27' },
      ),
    }),
  },
  {
    name: 'form-person',
    about: '/stakeholder Cobalt edit Rosa Diaz',
    build: () => ({
      form: personForm('pe-1', { name: 'Rosa Diaz', account: 'Cobalt Health', objectives: ['close the books in 3 days'], operatingStyle: 'Data first', preferences: null }),
    }),
  },
];
