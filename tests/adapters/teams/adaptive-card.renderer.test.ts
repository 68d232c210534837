import { describe, expect, it } from 'vitest';
import {
  escapeTeamsText,
  formToAdaptiveCard,
  messageToAdaptiveCard,
  teamsSubmitValues,
} from '../../../adapters/teams/adaptive-card.renderer.js';
import type { Form, Message } from '../../../src/messages/message.js';

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

describe('escapeTeamsText', () => {
  it.each([
    ['<!channel>', '\\<!channel>'],
    ['<@U123>', '\\<@U123>'],
    ['<at>Dana</at>', '\\<at>Dana\\</at>'],
    ['R&D', 'R&D'],
    ['&lt;at&gt; &#60;', '\\&lt;at\\&gt; \\&#60;'],
    ['*bold*', '\\*bold\\*'],
    ['**bold** _it_ ~s~ ~~gone~~ `c`', '\\*\\*bold\\*\\* \\_it\\_ ~s~ \\~\\~gone\\~\\~ \\`c\\`'],
    ['[click](http://evil)', '\\[click](http://evil)'],
    ['a\\*b and C:\\Users', 'a\\\\\\*b and C:\\Users'],
    ['# Title\n> quote\n#hashtag', '\\# Title\n\\> quote\n#hashtag'],
    ['- one\n  + two\n-three\nwell-known', '\\- one\n  \\+ two\n-three\nwell-known'],
    ['1. first\n2) second\n2025 was good', '1\\. first\n2\\) second\n2025 was good'],
    ['{{DATE(2025-01-01T00:00:00Z)}} {x}', '\\{\\{DATE(2025-01-01T00:00:00Z)}} {x}'],
    // Left as typed: nothing in these would be read as markup.
    ['America/New_York', 'America/New_York'],
    ['snake_case_name, ids like U_123', 'snake_case_name, ids like U_123'],
    ['Q&A (v2) — 50% off! #1 @here', 'Q&A (v2) — 50% off! #1 @here'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeTeamsText(input)).toBe(expected);
  });
});

/** Every kind of markup and ping a customer's words might hold. */
const HOSTILE = 'We *never* _ever_ ~lose~ `data` at New_York <@U123> <!channel> @here [click](https://evil.example) https://acme.example/a_b';

describe('messageToAdaptiveCard', () => {
  it('renders every block type', () => {
    const msg: Message = {
      text: 'New story from Acme',
      blocks: [
        { type: 'header', text: 'A story from *Acme*' },
        { type: 'heading', text: 'What they said' },
        { type: 'text', text: 'They said <at>Dana</at> & more\nSecond line\n\nNew paragraph' },
        { type: 'divider' },
        { type: 'quote', text: 'We love it\n\nbut _slow_', by: 'Dana [Ops]' },
        { type: 'list', items: ['one', '- two *b*'] },
        { type: 'list', items: ['first', 'second'], ordered: true },
        { type: 'fields', fields: [{ label: 'Plan', value: 'Pro_2\nyearly' }, { label: 'Seats', value: '40' }] },
        { type: 'person', name: 'Dana Scully', title: 'VP Ops', account: 'Acme & Co' },
        { type: 'context', text: 'Captured by <!here>' },
        { type: 'divider' },
        {
          type: 'actions',
          buttons: [
            { actionId: 'story.hear_more', label: 'Hear more', value: 's1', style: 'primary' },
            { actionId: 'story.skip', label: 'Skip', value: 's1', style: 'danger' },
            { actionId: 'story.later', label: 'Later', value: 's1' },
          ],
        },
      ],
    };

    expect(messageToAdaptiveCard(msg)).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'A story from \\*Acme\\*', size: 'Large', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'What they said', size: 'Medium', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'They said \\<at>Dana\\</at> & more', wrap: true },
        { type: 'TextBlock', text: 'Second line', wrap: true, spacing: 'None' },
        { type: 'TextBlock', text: 'New paragraph', wrap: true },
        {
          type: 'Container',
          style: 'emphasis',
          separator: true,
          items: [
            { type: 'TextBlock', text: '_We love it_', wrap: true },
            { type: 'TextBlock', text: '_but \\_slow\\__', wrap: true },
            { type: 'TextBlock', text: '— Dana \\[Ops]', isSubtle: true, wrap: true },
          ],
        },
        { type: 'TextBlock', text: '- one\r- \\- two \\*b\\*', wrap: true },
        { type: 'TextBlock', text: '1. first\r2. second', wrap: true },
        {
          type: 'FactSet',
          facts: [
            { title: 'Plan', value: 'Pro_2\n\nyearly' },
            { title: 'Seats', value: '40' },
          ],
        },
        { type: 'TextBlock', text: 'Dana Scully', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'VP Ops · Acme & Co', isSubtle: true, spacing: 'None', wrap: true },
        { type: 'TextBlock', text: 'Captured by \\<!here>', isSubtle: true, size: 'Small', wrap: true },
        {
          type: 'ActionSet',
          separator: true,
          actions: [
            {
              type: 'Action.Submit',
              title: 'Hear more',
              style: 'positive',
              data: { hallwayAction: 'story.hear_more', value: 's1' },
            },
            { type: 'Action.Submit', title: 'Skip', style: 'destructive', data: { hallwayAction: 'story.skip', value: 's1' } },
            { type: 'Action.Submit', title: 'Later', data: { hallwayAction: 'story.later', value: 's1' } },
          ],
        },
      ],
    });
  });

  it('makes a hostile quote inert with as few backslashes as it takes', () => {
    const card = messageToAdaptiveCard({ text: HOSTILE, blocks: [{ type: 'quote', text: HOSTILE, by: 'Dana Lee' }] });
    expect(card.body).toEqual([
      {
        type: 'Container',
        style: 'emphasis',
        items: [
          {
            type: 'TextBlock',
            text: '_We \\*never\\* \\_ever\\_ ~lose~ \\`data\\` at New_York \\<@U123> \\<!channel> @here \\[click](https://evil.example) https://acme.example/a_b_',
            wrap: true,
          },
          { type: 'TextBlock', text: '— Dana Lee', isSubtle: true, wrap: true },
        ],
      },
    ]);
    expect(JSON.stringify(card)).not.toContain('<at>');
  });

  it('shows an image inline as a data URI, and its text fallback when it is too big for the card', () => {
    const small = messageToAdaptiveCard({
      text: 'x',
      blocks: [{ type: 'image', key: 'trend', png: new Uint8Array([137, 80, 78, 71]), alt: 'Notes per week', fallback: '▁█' }],
    });
    expect(small.body).toEqual([{ type: 'Image', url: 'data:image/png;base64,iVBORw==', altText: 'Notes per week' }]);
    const big = messageToAdaptiveCard({
      text: 'x',
      blocks: [{ type: 'image', key: 'trend', png: new Uint8Array(10_000), alt: 'Notes per week', fallback: '▁█' }],
    });
    expect(big.body).toEqual([{ type: 'TextBlock', text: '▁█', wrap: true }]);
  });

  it('ignores dividers with nothing above or below them, and collapses repeats', () => {
    const card = messageToAdaptiveCard({
      text: 'x',
      blocks: [{ type: 'divider' }, { type: 'text', text: 'a' }, { type: 'divider' }, { type: 'divider' }, { type: 'text', text: 'b' }, { type: 'divider' }],
    });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'a', wrap: true },
      { type: 'TextBlock', text: 'b', wrap: true, separator: true },
    ]);
  });

  it('renders a person with only a name, and a quote without an author', () => {
    const card = messageToAdaptiveCard({
      text: 'x',
      blocks: [
        { type: 'person', name: 'Fox' },
        { type: 'quote', text: 'Short' },
      ],
    });
    expect(card.body).toEqual([
      { type: 'TextBlock', text: 'Fox', weight: 'Bolder', wrap: true },
      { type: 'Container', style: 'emphasis', items: [{ type: 'TextBlock', text: '_Short_', wrap: true }] },
    ]);
  });

  it('clips a 5,000-character text to 4,000 characters', () => {
    const card = messageToAdaptiveCard({ text: 'x', blocks: [{ type: 'text', text: 'a'.repeat(5000) }] });
    const text = (card.body[0] as { text: string }).text;
    expect(text).toHaveLength(4000);
    expect(text.endsWith('…')).toBe(true);
    expect(card.body).toEqual([{ type: 'TextBlock', text: `${'a'.repeat(3999)}…`, wrap: true }]);
  });

  it('never leaves a lone backslash to escape the ellipsis', () => {
    const card = messageToAdaptiveCard({ text: 'x', blocks: [{ type: 'text', text: 'a'.repeat(3998) + '**' }] });
    expect(card.body).toEqual([{ type: 'TextBlock', text: `${'a'.repeat(3998)}…`, wrap: true }]);
  });

  it('keeps more than 10 fields in one FactSet', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    expect(messageToAdaptiveCard({ text: 'x', blocks: [{ type: 'fields', fields }] }).body).toEqual([
      { type: 'FactSet', facts: fields.map((f) => ({ title: f.label, value: f.value })) },
    ]);
  });

  it('keeps all of more than 50 small blocks and splits actions into rows of 6', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `line ${i}` }));
    const buttons = Array.from({ length: 7 }, (_, i) => ({ actionId: 'story.vote', label: `${i}`, value: `${i}` }));
    const submit = (b: (typeof buttons)[number]) => ({
      type: 'Action.Submit',
      title: b.label,
      data: { hallwayAction: 'story.vote', value: b.value },
    });

    expect(messageToAdaptiveCard({ text: 'x', blocks: [...texts, { type: 'actions', buttons }] }).body).toEqual([
      ...texts.map((t) => ({ type: 'TextBlock', text: t.text, wrap: true })),
      { type: 'ActionSet', actions: buttons.slice(0, 6).map(submit) },
      { type: 'ActionSet', actions: [submit(buttons[6]!)] },
    ]);
  });

  it('drops blocks before the last one until the card fits 28 KB of UTF-16', () => {
    const texts = Array.from({ length: 10 }, (_, i) => ({ type: 'text' as const, text: String(i).repeat(5000) }));
    const card = messageToAdaptiveCard({
      text: 'x',
      blocks: [...texts, { type: 'actions', buttons: [{ actionId: 'story.skip', label: 'Skip', value: 's1' }] }],
    });

    expect(JSON.stringify(card).length * 2).toBeLessThanOrEqual(28_000);
    expect(card.body).toEqual([
      { type: 'TextBlock', text: `${'0'.repeat(3999)}…`, wrap: true },
      { type: 'TextBlock', text: `${'1'.repeat(3999)}…`, wrap: true },
      { type: 'TextBlock', text: `${'2'.repeat(3999)}…`, wrap: true },
      {
        type: 'ActionSet',
        actions: [{ type: 'Action.Submit', title: 'Skip', data: { hallwayAction: 'story.skip', value: 's1' } }],
      },
    ]);
  });
});

describe('formToAdaptiveCard', () => {
  const form: Form = {
    id: 'note.form',
    title: 'Log a call with *Acme*',
    submitLabel: 'Save',
    state: '{"account":"acme"}',
    fields: [
      { id: 'summary', kind: 'text', label: 'Summary', required: true, value: 'Renewal', placeholder: 'One line', maxLength: 200 },
      { id: 'details', kind: 'multiline', label: 'Details', maxLength: 9000 },
      {
        id: 'product',
        kind: 'select',
        label: 'Product',
        required: true,
        value: 'widgets',
        placeholder: 'Pick one',
        options: [
          { label: 'Gadgets', value: 'gadgets' },
          { label: 'Widgets', value: 'widgets' },
        ],
      },
      { id: 'due', kind: 'date', label: 'Follow up by', value: '2025-03-01' },
      { id: 'follow', kind: 'checkbox', label: 'Share with the team', value: true },
      { id: 'quiet', kind: 'checkbox', label: 'Keep private' },
    ],
  };

  it('renders every field kind as an input', () => {
    expect(formToAdaptiveCard(form)).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Log a call with \\*Acme\\*', size: 'Large', weight: 'Bolder', wrap: true },
        {
          type: 'Input.Text',
          id: 'summary',
          label: 'Summary',
          isRequired: true,
          errorMessage: 'This field is required.',
          value: 'Renewal',
          placeholder: 'One line',
          maxLength: 200,
        },
        { type: 'Input.Text', id: 'details', label: 'Details', isRequired: false, maxLength: 3000, isMultiline: true },
        {
          type: 'Input.ChoiceSet',
          id: 'product',
          label: 'Product',
          isRequired: true,
          errorMessage: 'This field is required.',
          style: 'compact',
          choices: [
            { title: 'Gadgets', value: 'gadgets' },
            { title: 'Widgets', value: 'widgets' },
          ],
          value: 'widgets',
          placeholder: 'Pick one',
        },
        { type: 'Input.Date', id: 'due', label: 'Follow up by', isRequired: false, value: '2025-03-01' },
        {
          type: 'Input.Toggle',
          id: 'follow',
          isRequired: false,
          title: 'Share with the team',
          valueOn: 'true',
          valueOff: 'false',
          value: 'true',
        },
        {
          type: 'Input.Toggle',
          id: 'quiet',
          isRequired: false,
          title: 'Keep private',
          valueOn: 'true',
          valueOff: 'false',
          value: 'false',
        },
      ],
      actions: [
        {
          type: 'Action.Submit',
          title: 'Save',
          data: { hallwayForm: 'note.form', hallwayState: '{"account":"acme"}', hallwayToggles: ['follow', 'quiet'] },
        },
      ],
    });
  });

  it('sends empty state and no toggle list when there is nothing to carry', () => {
    const { state: _state, ...stateless } = form;
    expect(formToAdaptiveCard({ ...stateless, fields: [] })).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Log a call with \\*Acme\\*', size: 'Large', weight: 'Bolder', wrap: true }],
      actions: [{ type: 'Action.Submit', title: 'Save', data: { hallwayForm: 'note.form', hallwayState: '' } }],
    });
  });
});

describe('formToAdaptiveCard with read-only blocks and buttons (a step of a guided flow)', () => {
  it('shows the blocks under the title; Back and Skip submit without the inputs', () => {
    expect(
      formToAdaptiveCard({
        id: 'replan.step',
        title: 'Re-plan: objectives',
        submitLabel: 'Next',
        state: '{"f":"1","s":"objectives"}',
        blocks: [{ type: 'divider' }, { type: 'context', text: 'Not known yet: objectives.' }],
        fields: [{ id: 'objectives', kind: 'multiline', label: 'Top 2–3 objectives' }],
        buttons: [{ actionId: 'replan.skip', label: 'Skip', value: '{"f":"1","s":"objectives"}' }],
      }),
    ).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Re-plan: objectives', size: 'Large', weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: 'Not known yet: objectives.', isSubtle: true, size: 'Small', wrap: true },
        { type: 'Input.Text', id: 'objectives', label: 'Top 2–3 objectives', isRequired: false, isMultiline: true },
      ],
      actions: [
        { type: 'Action.Submit', title: 'Next', data: { hallwayForm: 'replan.step', hallwayState: '{"f":"1","s":"objectives"}' } },
        { type: 'Action.Submit', title: 'Skip', associatedInputs: 'none', data: { hallwayAction: 'replan.skip', value: '{"f":"1","s":"objectives"}' } },
      ],
    });
  });
});

describe('teamsSubmitValues', () => {
  // `activity.value` as Teams sends it for the form above: the action's data
  // merged with every input's value, all as strings.
  const submitted = {
    hallwayForm: 'note.form',
    hallwayState: '{"account":"acme"}',
    hallwayToggles: ['follow', 'quiet'],
    summary: 'true',
    details: '',
    product: 'widgets',
    due: '2025-03-01',
    follow: 'true',
    quiet: 'false',
  };

  it('reads toggles named in the card data as booleans and leaves typed "true" a string', () => {
    expect(teamsSubmitValues(submitted)).toEqual({
      summary: 'true',
      details: undefined,
      product: 'widgets',
      due: '2025-03-01',
      follow: true,
      quiet: false,
    });
  });

  it('reads only the given fields, typed by kind, when they are passed', () => {
    const { hallwayToggles: _t, details: _d, ...withoutDetails } = submitted;
    const fields = [
      { id: 'summary', kind: 'text', label: 'Summary' },
      { id: 'details', kind: 'multiline', label: 'Details' },
      { id: 'follow', kind: 'checkbox', label: 'Share' },
    ] as const;
    expect(teamsSubmitValues({ ...withoutDetails, injected: 'x' }, fields)).toEqual({
      summary: 'true',
      details: undefined,
      follow: true,
    });
  });

  it('ignores non-string values and the message-button keys', () => {
    expect(teamsSubmitValues({ hallwayAction: 'story.skip', value: 's1', count: 3 })).toEqual({ value: 's1', count: undefined });
  });
});
