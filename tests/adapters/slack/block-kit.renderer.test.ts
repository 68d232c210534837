import { describe, expect, it } from 'vitest';
import {
  escapeSlackText,
  formToSlackModal,
  messageToBlockKit,
  slackViewValues,
} from '../../../adapters/slack/block-kit.renderer.js';
import type { Form, Message } from '../../../src/messages/message.js';

describe('escapeSlackText', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here>', '&lt;!here&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<http://x|y>', '&lt;http://x|y&gt;'],
    ['R&D', 'R&amp;D'],
    ['&lt;', '&amp;lt;'],
    ['*bold*', '\u2217bold\u2217'],
    ['_italic_', '\u02CDitalic\u02CD'],
    ['~strike~', '\u223Cstrike\u223C'],
    ['`code`', '\u02CBcode\u02CB'],
    ['```block```', '\u02CB\u02CB\u02CBblock\u02CB\u02CB\u02CB'],
    ['> quoted\n  > again', '\u203A quoted\n  \u203A again'],
    ['a > b', 'a &gt; b'],
    ['ping @channel, @Here and @everyone', 'ping @\u2060channel, @\u2060Here and @\u2060everyone'],
    ['mail @channels.io', 'mail @channels.io'],
  ])('%j becomes %j', (input, expected) => {
    expect(escapeSlackText(input)).toBe(expected);
  });
});

describe('messageToBlockKit', () => {
  it('renders every block type', () => {
    const msg: Message = {
      text: 'New story from <!channel> *Acme*',
      blocks: [
        { type: 'header', text: 'A story from Acme' },
        { type: 'text', text: 'They said <@U123> & *more*' },
        { type: 'quote', text: 'We love it\n> but', by: 'Dana <Ops>' },
        { type: 'fields', fields: [{ label: 'Plan', value: 'Pro_2' }, { label: 'Seats', value: '40' }] },
        { type: 'person', name: 'Dana Scully', title: 'VP *Ops*', account: 'Acme & Co' },
        { type: 'context', text: 'Captured by <!here>' },
        { type: 'divider' },
        {
          type: 'actions',
          buttons: [
            { actionId: 'story.hear_more', label: 'Hear more', value: 's1', style: 'primary' },
            { actionId: 'story.skip', label: 'Skip', value: 's1' },
          ],
        },
      ],
    };

    expect(messageToBlockKit(msg)).toEqual({
      text: 'New story from &lt;!channel&gt; \u2217Acme\u2217',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'A story from Acme' } },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: 'They said &lt;@U123&gt; &amp; \u2217more\u2217', verbatim: true },
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '>We love it\n>\u203A but\n— Dana &lt;Ops&gt;', verbatim: true },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Plan*\nPro\u02CD2', verbatim: true },
            { type: 'mrkdwn', text: '*Seats*\n40', verbatim: true },
          ],
        },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*Dana Scully*, VP \u2217Ops\u2217 · Acme &amp; Co', verbatim: true },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Captured by &lt;!here&gt;', verbatim: true }] },
        { type: 'divider' },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'story.hear_more',
              text: { type: 'plain_text', text: 'Hear more' },
              value: 's1',
              style: 'primary',
            },
            { type: 'button', action_id: 'story.skip', text: { type: 'plain_text', text: 'Skip' }, value: 's1' },
          ],
        },
      ],
    });
  });

  it('renders a person with only a name, and a quote without an author', () => {
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'person', name: 'Dana', account: 'Acme' },
        { type: 'person', name: 'Fox' },
        { type: 'quote', text: 'Short' },
      ],
    });
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Dana* · Acme', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Fox*', verbatim: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '>Short', verbatim: true } },
    ]);
  });

  it('clips a 5,000-character text to the 3,000-character section limit', () => {
    const { blocks } = messageToBlockKit({ text: 'x', blocks: [{ type: 'text', text: 'a'.repeat(5000) }] });
    const text = (blocks[0] as { text: { text: string } }).text.text;
    expect(text).toHaveLength(3000);
    expect(text.endsWith('…')).toBe(true);
    expect(blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: `${'a'.repeat(2999)}…`, verbatim: true } }]);
  });

  it('never leaves half an entity where it clips', () => {
    const { blocks } = messageToBlockKit({ text: 'x', blocks: [{ type: 'text', text: '&'.repeat(1000) }] });
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: `${'&amp;'.repeat(599)}…`, verbatim: true } },
    ]);
  });

  it('clips the header to 150 characters and the fallback text to 40,000', () => {
    const result = messageToBlockKit({ text: 'b'.repeat(45_000), blocks: [{ type: 'header', text: 'h'.repeat(200) }] });
    expect(result).toEqual({
      text: `${'b'.repeat(39_999)}…`,
      blocks: [{ type: 'header', text: { type: 'plain_text', text: `${'h'.repeat(149)}…` } }],
    });
  });

  it('splits more than 10 fields into sections of 10', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
    const rendered = (from: number, to: number) =>
      fields.slice(from, to).map((f) => ({ type: 'mrkdwn', text: `*${f.label}*\n${f.value}`, verbatim: true }));

    expect(messageToBlockKit({ text: 'x', blocks: [{ type: 'fields', fields }] }).blocks).toEqual([
      { type: 'section', fields: rendered(0, 10) },
      { type: 'section', fields: rendered(10, 20) },
      { type: 'section', fields: rendered(20, 23) },
    ]);
  });

  it('keeps the first 49 blocks and the last one when there are more than 50', () => {
    const texts = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `line ${i}` }));
    const button = { actionId: 'story.hear_more', label: 'Hear more', value: 's1' };
    const { blocks } = messageToBlockKit({ text: 'x', blocks: [...texts, { type: 'actions', buttons: [button] }] });

    expect(blocks).toHaveLength(50);
    expect(blocks).toEqual([
      ...texts.slice(0, 49).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t.text, verbatim: true } })),
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'story.hear_more', text: { type: 'plain_text', text: 'Hear more' }, value: 's1' }],
      },
    ]);
  });

  it('starts a new actions row for a repeated action_id and after 25 buttons', () => {
    const vote = (value: string) => ({ actionId: 'story.vote', label: value, value });
    const many = Array.from({ length: 26 }, (_, i) => ({ actionId: `a${i}`, label: `B${i}`, value: `${i}` }));
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'actions', buttons: [vote('up'), vote('down')] },
        { type: 'actions', buttons: many },
      ],
    });
    const el = (b: { actionId: string; label: string; value: string }) => ({
      type: 'button',
      action_id: b.actionId,
      text: { type: 'plain_text', text: b.label },
      value: b.value,
    });

    expect(blocks).toEqual([
      { type: 'actions', elements: [el(vote('up'))] },
      { type: 'actions', elements: [el(vote('down'))] },
      { type: 'actions', elements: many.slice(0, 25).map(el) },
      { type: 'actions', elements: [el(many[25]!)] },
    ]);
  });

  it('drops empty text, header and context blocks, which Slack would reject', () => {
    const { blocks } = messageToBlockKit({
      text: 'x',
      blocks: [
        { type: 'header', text: ' ' },
        { type: 'text', text: '' },
        { type: 'context', text: '\n' },
        { type: 'fields', fields: [] },
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
        { type: 'section', text: { type: 'mrkdwn', text: 'One \u2217a\u2217 line', verbatim: true } },
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
