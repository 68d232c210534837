import { describe, expect, it } from 'vitest';
import {
  coreActionId,
  escapeSlackText,
  formToSlackModal,
  messageToBlockKit,
  slackViewValues,
} from '../../../adapters/slack/block-kit.renderer.js';
import type { Form, Message } from '../../../src/messages/message.js';

describe('escapeSlackText (the mrkdwn fallback text only)', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here>', '&lt;!here&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<http://x|y>', '&lt;http://x|y&gt;'],
    ['R&D', 'R&amp;D'],
    ['&lt;', '&amp;lt;'],
    ['a > b', 'a &gt; b'],
    // Nothing else is touched: what was typed comes back as typed.
    ['*bold* _it_ ~s~ `c`', '*bold* _it_ ~s~ `c`'],
    ['America/New_York', 'America/New_York'],
    ['ping @channel and @here', 'ping @channel and @here'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });
});

/** Every kind of markup and ping a customer's words might hold. */
const HOSTILE = 'We *never* _ever_ ~lose~ `data` at New_York <@U123> <!channel> @here <https://evil.example|click> https://acme.example/a_b';

describe('messageToBlockKit', () => {
  it('shows untrusted text unaltered, in text types Slack does not parse', () => {
    const msg: Message = {
      text: `Story: ${HOSTILE}`,
      blocks: [
        { type: 'header', text: 'A *story* from <!here>' },
        { type: 'heading', text: 'What_they_said' },
        { type: 'quote', text: HOSTILE, by: 'Dana <Ops> *Lee*' },
        { type: 'text', text: 'They said <@U123> & *more*' },
        { type: 'list', items: ['one *a*', '<!channel> two'] },
        { type: 'list', items: ['first', 'second'], ordered: true },
        { type: 'fields', fields: [{ label: 'Plan_2', value: '`Pro`' }, { label: 'Zone', value: 'America/New_York' }] },
        { type: 'person', name: 'Dana _Scully_', title: 'VP *Ops*', account: 'Acme & Co' },
        { type: 'context', text: 'Captured by <!here> ~today~' },
        { type: 'divider' },
        {
          type: 'actions',
          buttons: [
            { actionId: 'story.hear_more', label: 'Hear *more*', value: 's1', style: 'primary' },
            { actionId: 'story.skip', label: 'Skip', value: 's1' },
          ],
        },
      ],
    };

    expect(messageToBlockKit(msg)).toEqual({
      text: 'Story: We *never* _ever_ ~lose~ `data` at New_York &lt;@U123&gt; &lt;!channel&gt; @here &lt;https://evil.example|click&gt; https://acme.example/a_b',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'A *story* from <!here>' } },
        {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'What_they_said', style: { bold: true } }] }],
        },
        {
          type: 'rich_text',
          elements: [
            { type: 'rich_text_quote', elements: [{ type: 'text', text: HOSTILE }] },
            { type: 'rich_text_section', elements: [{ type: 'text', text: '— Dana <Ops> *Lee*', style: { italic: true } }] },
          ],
        },
        {
          type: 'rich_text',
          elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'They said <@U123> & *more*' }] }],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_list',
              style: 'bullet',
              elements: [
                { type: 'rich_text_section', elements: [{ type: 'text', text: 'one *a*' }] },
                { type: 'rich_text_section', elements: [{ type: 'text', text: '<!channel> two' }] },
              ],
            },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_list',
              style: 'ordered',
              elements: [
                { type: 'rich_text_section', elements: [{ type: 'text', text: 'first' }] },
                { type: 'rich_text_section', elements: [{ type: 'text', text: 'second' }] },
              ],
            },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Plan_2', style: { bold: true } },
                { type: 'text', text: '\n`Pro`\n' },
              ],
            },
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Zone', style: { bold: true } },
                { type: 'text', text: '\nAmerica/New_York' },
              ],
            },
          ],
        },
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'Dana _Scully_', style: { bold: true } },
                { type: 'text', text: ', VP *Ops* · Acme & Co' },
              ],
            },
          ],
        },
        { type: 'context', elements: [{ type: 'plain_text', text: 'Captured by <!here> ~today~' }] },
        { type: 'divider' },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'story.hear_more',
              text: { type: 'plain_text', text: 'Hear *more*' },
              value: 's1',
              style: 'primary',
            },
            { type: 'button', action_id: 'story.skip', text: { type: 'plain_text', text: 'Skip' }, value: 's1' },
          ],
        },
      ],
    });
  });

  it('emits no mrkdwn text object anywhere, so no markup or ping can come out of a message', () => {
    const { blocks } = messageToBlockKit({
      text: HOSTILE,
      blocks: [
        { type: 'text', text: HOSTILE },
        { type: 'quote', text: HOSTILE, by: HOSTILE },
        { type: 'fields', fields: [{ label: HOSTILE, value: HOSTILE }] },
        { type: 'person', name: HOSTILE },
        { type: 'context', text: HOSTILE },
        { type: 'list', items: [HOSTILE] },
      ],
    });
    const json = JSON.stringify(blocks);
    expect(json).not.toContain('"mrkdwn"');
    expect(json).not.toMatch(/"type":"(user|broadcast|link|usergroup|channel)"/);
  });

  it('renders a person with only a name, and a quote without an author', () => {
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'person', name: 'Fox' },
        { type: 'quote', text: 'Short' },
      ],
    });
    expect(blocks).toEqual([
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'Fox', style: { bold: true } }] }] },
      { type: 'rich_text', elements: [{ type: 'rich_text_quote', elements: [{ type: 'text', text: 'Short' }] }] },
    ]);
  });

  it('clips a 5,000-character text to the 3,000-character rich text budget', () => {
    const { blocks } = messageToBlockKit({ text: 'x', blocks: [{ type: 'text', text: 'a'.repeat(5000) }] });
    expect(blocks).toEqual([
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: `${'a'.repeat(2999)}…` }] }] },
    ]);
  });

  it('shares the budget among fields, and among list items', () => {
    const long = 'b'.repeat(2000);
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'fields', fields: [{ label: 'One', value: long }, { label: 'Two', value: long }] },
        { type: 'list', items: [long, long, long] },
      ],
    });
    expect(blocks).toEqual([
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'One', style: { bold: true } },
              { type: 'text', text: `\n${'b'.repeat(1495)}…` },
            ],
          },
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'Two', style: { bold: true } },
              { type: 'text', text: `\n${'b'.repeat(1495)}…` },
            ],
          },
        ],
      },
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [0, 1, 2].map(() => ({ type: 'rich_text_section', elements: [{ type: 'text', text: `${'b'.repeat(999)}…` }] })),
          },
        ],
      },
    ]);
  });

  it('never leaves half an entity where it clips the fallback text', () => {
    const { text } = messageToBlockKit({ text: '&'.repeat(9000), blocks: [] });
    expect(text).toBe(`${'&amp;'.repeat(7999)}…`);
  });

  it('clips the header to 150 characters and the fallback text to 40,000', () => {
    const result = messageToBlockKit({ text: 'b'.repeat(45_000), blocks: [{ type: 'header', text: 'h'.repeat(200) }] });
    expect(result).toEqual({
      text: `${'b'.repeat(39_999)}…`,
      blocks: [{ type: 'header', text: { type: 'plain_text', text: `${'h'.repeat(149)}…` } }],
    });
  });

  it('shows an uploaded image by its Slack file id, and its text fallback until then', () => {
    const image = { type: 'image' as const, key: 'trend', png: new Uint8Array([1, 2, 3]), alt: 'Notes per week: 1, 4, 2', fallback: '▁█▄' };
    expect(messageToBlockKit({ text: 'x', blocks: [image] }, { trend: 'F0123' }).blocks).toEqual([
      { type: 'image', slack_file: { id: 'F0123' }, alt_text: 'Notes per week: 1, 4, 2' },
    ]);
    expect(messageToBlockKit({ text: 'x', blocks: [image] }).blocks).toEqual([
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: '▁█▄' }] }] },
    ]);
  });

  it('keeps the first 49 blocks and the last one when there are more than 50', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `line ${i}` }));
    const button = { actionId: 'story.hear_more', label: 'Hear more', value: 's1' };
    const { blocks } = messageToBlockKit({ text: 'x', blocks: [...texts, { type: 'actions', buttons: [button] }] });

    expect(blocks).toHaveLength(50);
    expect(blocks).toEqual([
      ...texts
        .slice(0, 49)
        .map((t) => ({ type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: t.text }] }] })),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'story.hear_more', text: { type: 'plain_text', text: 'Hear more' }, value: 's1' }],
      },
    ]);
  });

  it('keeps buttons that share an actionId in one row, numbering the repeats, and starts a new row after 25', () => {
    const vote = (value: string) => ({ actionId: 'story.vote', label: value, value });
    const many = Array.from({ length: 26 }, (_, i) => ({ actionId: `a${i}`, label: `B${i}`, value: `${i}` }));
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'actions', buttons: [vote('up'), vote('down'), vote('meh')] },
        { type: 'actions', buttons: many },
      ],
    });
    const el = (b: { actionId: string; label: string; value: string }, actionId = b.actionId) => ({
      type: 'button',
      action_id: actionId,
      text: { type: 'plain_text', text: b.label },
      value: b.value,
    });

    expect(blocks).toEqual([
      { type: 'actions', elements: [el(vote('up')), el(vote('down'), 'story.vote#2'), el(vote('meh'), 'story.vote#3')] },
      { type: 'actions', elements: many.slice(0, 25).map((b) => el(b)) },
      { type: 'actions', elements: [el(many[25]!)] },
    ]);
    expect(['story.vote', 'story.vote#2', 'story.vote#3'].map(coreActionId)).toEqual(['story.vote', 'story.vote', 'story.vote']);
  });

  it('drops empty text, header and context blocks, which Slack would reject', () => {
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'header', text: ' ' },
        { type: 'text', text: '' },
        { type: 'context', text: '\n' },
        { type: 'heading', text: ' ' },
        { type: 'fields', fields: [] },
        { type: 'list', items: [' '] },
        { type: 'actions', buttons: [] },
      ],
    });
    expect(blocks).toEqual([]);
  });

  it('refuses a button value Slack would reject rather than cutting it', () => {
    const msg: Message = {
      text: 'x',
      blocks: [{ type: 'actions', buttons: [{ actionId: 'a', label: 'A', value: 'v'.repeat(2001) }] }],
    };
    expect(() => messageToBlockKit(msg)).toThrow(new RangeError('button value is 2001 characters; Slack allows 2000'));
  });
});

describe('formToSlackModal', () => {
  const form: Form = {
    id: 'note.form',
    title: 'Log a customer call with Acme',
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

  it('renders every field kind as an input block', () => {
    const widgets = { text: { type: 'plain_text', text: 'Widgets' }, value: 'widgets' };
    const share = { text: { type: 'plain_text', text: 'Share with the team' }, value: 'true' };

    expect(formToSlackModal(form)).toEqual({
      type: 'modal',
      callback_id: 'note.form',
      title: { type: 'plain_text', text: 'Log a customer call wit…' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: '{"account":"acme"}',
      blocks: [
        {
          type: 'input',
          block_id: 'summary',
          label: { type: 'plain_text', text: 'Summary' },
          optional: false,
          element: {
            type: 'plain_text_input',
            action_id: 'summary',
            initial_value: 'Renewal',
            placeholder: { type: 'plain_text', text: 'One line' },
            max_length: 200,
          },
        },
        {
          type: 'input',
          block_id: 'details',
          label: { type: 'plain_text', text: 'Details' },
          optional: true,
          element: { type: 'plain_text_input', action_id: 'details', multiline: true, max_length: 3000 },
        },
        {
          type: 'input',
          block_id: 'product',
          label: { type: 'plain_text', text: 'Product' },
          optional: false,
          element: {
            type: 'static_select',
            action_id: 'product',
            options: [{ text: { type: 'plain_text', text: 'Gadgets' }, value: 'gadgets' }, widgets],
            placeholder: { type: 'plain_text', text: 'Pick one' },
            initial_option: widgets,
          },
        },
        {
          type: 'input',
          block_id: 'due',
          label: { type: 'plain_text', text: 'Follow up by' },
          optional: true,
          element: { type: 'datepicker', action_id: 'due', initial_date: '2025-03-01' },
        },
        {
          type: 'input',
          block_id: 'follow',
          label: { type: 'plain_text', text: 'Share with the team' },
          optional: true,
          element: { type: 'checkboxes', action_id: 'follow', options: [share], initial_options: [share] },
        },
        {
          type: 'input',
          block_id: 'quiet',
          label: { type: 'plain_text', text: 'Keep private' },
          optional: true,
          element: {
            type: 'checkboxes',
            action_id: 'quiet',
            options: [{ text: { type: 'plain_text', text: 'Keep private' }, value: 'true' }],
          },
        },
      ],
    });
  });

  it('sends empty private_metadata when the form has no state', () => {
    const { state: _state, ...stateless } = form;
    expect(formToSlackModal({ ...stateless, fields: [] })).toEqual({
      type: 'modal',
      callback_id: 'note.form',
      title: { type: 'plain_text', text: 'Log a customer call wit…' },
      submit: { type: 'plain_text', text: 'Save' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: '',
      blocks: [],
    });
  });
});

describe('formToSlackModal with read-only blocks and buttons (a step of a guided flow)', () => {
  it('puts the blocks above the inputs and the buttons in an actions block after them', () => {
    const step: Form = {
      id: 'replan.step',
      title: 'Re-plan: objectives',
      submitLabel: 'Next',
      state: '{"f":"1","s":"objectives"}',
      blocks: [
        { type: 'header', text: "Priya's top objectives" },
        { type: 'text', text: 'One *a* line' },
      ],
      fields: [{ id: 'objectives', kind: 'multiline', label: 'Top 2–3 objectives' }],
      buttons: [
        { actionId: 'replan.back', label: 'Back', value: '{"f":"1","s":"objectives"}' },
        { actionId: 'replan.skip', label: 'Skip', value: '{"f":"1","s":"objectives"}' },
      ],
    };
    expect(formToSlackModal(step)).toEqual({
      type: 'modal',
      callback_id: 'replan.step',
      title: { type: 'plain_text', text: 'Re-plan: objectives' },
      submit: { type: 'plain_text', text: 'Next' },
      close: { type: 'plain_text', text: 'Cancel' },
      private_metadata: '{"f":"1","s":"objectives"}',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: "Priya's top objectives" } },
        // Read-only text goes out as rich text, which Slack does not parse: the asterisks stay as typed.
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'One *a* line' }] }] },
        {
          type: 'input',
          block_id: 'objectives',
          label: { type: 'plain_text', text: 'Top 2–3 objectives' },
          optional: true,
          element: { type: 'plain_text_input', action_id: 'objectives', multiline: true },
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'replan.back', text: { type: 'plain_text', text: 'Back' }, value: '{"f":"1","s":"objectives"}' },
            { type: 'button', action_id: 'replan.skip', text: { type: 'plain_text', text: 'Skip' }, value: '{"f":"1","s":"objectives"}' },
          ],
        },
      ],
    });
  });

  it('drops read-only text, never inputs or buttons, past Slack\'s 100 blocks', () => {
    const many: Form = {
      id: 'f',
      title: 't',
      submitLabel: 's',
      blocks: Array.from({ length: 120 }, (_, i) => ({ type: 'context' as const, text: `line ${i}` })),
      fields: [{ id: 'a', kind: 'text', label: 'A' }],
      buttons: [{ actionId: 'x', label: 'X', value: 'v' }],
    };
    const blocks = formToSlackModal(many).blocks;
    expect(blocks).toHaveLength(100);
    expect(blocks.slice(-2).map((b) => b.type)).toEqual(['input', 'actions']);
  });
});

describe('slackViewValues', () => {
  it('reads a view_submission state in Slack’s shape', () => {
    // As Slack sends it in `view.state.values` for the modal above.
    const stateValues = {
      summary: { summary: { type: 'plain_text_input', value: 'Renewal at risk' } },
      details: { details: { type: 'plain_text_input', value: null } },
      product: {
        product: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Widgets', emoji: true }, value: 'widgets' },
        },
      },
      due: { due: { type: 'datepicker', selected_date: '2025-03-01' } },
      follow: {
        follow: {
          type: 'checkboxes',
          selected_options: [{ text: { type: 'plain_text', text: 'Share with the team', emoji: true }, value: 'true' }],
        },
      },
      quiet: { quiet: { type: 'checkboxes', selected_options: [] } },
    };

    expect(slackViewValues(stateValues)).toEqual({
      summary: 'Renewal at risk',
      details: undefined,
      product: 'widgets',
      due: '2025-03-01',
      follow: true,
      quiet: false,
    });
  });

  it('reads unset selects and dates as undefined', () => {
    expect(
      slackViewValues({
        product: { product: { type: 'static_select', selected_option: null } },
        due: { due: { type: 'datepicker', selected_date: null } },
        odd: { other_action: { type: 'plain_text_input', value: 'kept' } },
      }),
    ).toEqual({ product: undefined, due: undefined, odd: 'kept' });
  });
});
