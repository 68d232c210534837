import type {
  ActionsBlock,
  Button as SlackButton,
  InputBlock,
  KnownBlock,
  ModalView,
  MrkdwnElement,
  PlainTextElement,
  PlainTextOption,
} from '@slack/types';
import type { Block, Button, Form, FormField, FormValues, Message } from '../../src/messages/message.js';
import { ELLIPSIS, clip } from '../shared/clip.js';
import { SLACK_LIMITS as L } from './limits.js';

/*
 * Slack mrkdwn has no escape character: Slack documents only `&amp;`, `&lt;`
 * and `&gt;`. Zero-width characters cannot be trusted to stop formatting,
 * because Slack's parser treats them as word boundaries (tools insert U+200B
 * precisely to *force* bold mid-word), and Slack also reads fullwidth forms
 * such as `＞` as markup. So each formatting character becomes a lookalike
 * code point Slack never parses: the text reads the same, and the cost is
 * that a copied `*` comes back as `∗`.
 */
const LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR
  _: '\u02CD', // ˍ MODIFIER LETTER LOW MACRON
  '~': '\u223C', // ∼ TILDE OPERATOR
  '`': '\u02CB', // ˋ MODIFIER LETTER GRAVE ACCENT
};
/** `>` (or `&gt;`) opening a line starts a block quote. */
const QUOTE_LOOKALIKE = '\u203A'; // › SINGLE RIGHT-POINTING ANGLE QUOTATION MARK
const WORD_JOINER = '\u2060';

/**
 * Makes untrusted text inert in mrkdwn: no mention, broadcast, link or
 * formatting can come out of it. Slack only pings through `<!channel>` or
 * `<@U…>`, which the entity escapes rule out; a word joiner after the `@` of
 * a bare `@channel`/`@here`/`@everyone` also defeats `link_names` parsing
 * should someone turn it on.
 */
export function escapeSlackText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/^([ \t]*)>/gm, `$1${QUOTE_LOOKALIKE}`)
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => LOOKALIKES[c] ?? c)
    .replace(/@(?=(?:channel|here|everyone)\b)/gi, `@${WORD_JOINER}`);
}

/** Clips escaped mrkdwn without leaving half an entity (`&am…`) behind. */
function clipMrkdwn(s: string, max: number): string {
  const cut = clip(s, max);
  return cut === s ? s : cut.replace(/&[a-z]*…$/, ELLIPSIS);
}

/** Ids and values route clicks and submissions: cutting them would misroute, so refuse. */
function fit(value: string, max: number, what: string): string {
  if (value.length > max) throw new RangeError(`${what} is ${value.length} characters; Slack allows ${max}`);
  return value;
}

function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: clip(text, max) };
}

/** `verbatim` stops Slack auto-linking URLs, channel names and mentions in untrusted text. */
function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Slack rejects an actions block whose buttons repeat an action_id, yet the
 * core may offer several buttons with one actionId and different values
 * (a vote, a rating). Starting a new row keeps action_id = actionId, so the
 * adapter can route on it unchanged.
 */
function actionRows(buttons: readonly Button[]): ActionsBlock[] {
  const rows: Button[][] = [];
  let row: Button[] = [];
  for (const button of buttons) {
    if (row.length === L.actionsElements || row.some((b) => b.actionId === button.actionId)) {
      rows.push(row);
      row = [];
    }
    row.push(button);
  }
  if (row.length > 0) rows.push(row);
  return rows.map((r) => ({ type: 'actions', elements: r.map(renderButton) }));
}

function renderButton(button: Button): SlackButton {
  return {
    type: 'button',
    action_id: fit(button.actionId, L.actionId, 'action_id'),
    text: plain(button.label, L.buttonText),
    value: fit(button.value, L.buttonValue, 'button value'),
    ...(button.style ? { style: button.style } : {}),
  };
}

function renderBlock(block: Block): KnownBlock[] {
  switch (block.type) {
    case 'header':
      return block.text.trim() ? [{ type: 'header', text: plain(block.text, L.headerText) }] : [];
    case 'text':
      return block.text.trim()
        ? [{ type: 'section', text: mrkdwn(clipMrkdwn(escapeSlackText(block.text), L.sectionText)) }]
        : [];
    case 'quote': {
      const by = block.by ? `\n${clipMrkdwn(`— ${escapeSlackText(block.by)}`, L.headerText)}` : '';
      const body = escapeSlackText(block.text)
        .split('\n')
        .map((line) => `>${line}`)
        .join('\n');
      return [{ type: 'section', text: mrkdwn(clipMrkdwn(body, L.sectionText - by.length) + by) }];
    }
    case 'fields':
      return chunk(block.fields, L.sectionFields).map((fields) => ({
        type: 'section',
        fields: fields.map((f) =>
          mrkdwn(clipMrkdwn(`*${escapeSlackText(f.label)}*\n${escapeSlackText(f.value)}`, L.fieldText)),
        ),
      }));
    case 'person': {
      const title = block.title ? `, ${escapeSlackText(block.title)}` : '';
      const account = block.account ? ` · ${escapeSlackText(block.account)}` : '';
      const text = `*${escapeSlackText(block.name)}*${title}${account}`;
      return [{ type: 'section', text: mrkdwn(clipMrkdwn(text, L.sectionText)) }];
    }
    case 'context':
      return block.text.trim()
        ? [{ type: 'context', elements: [mrkdwn(clipMrkdwn(escapeSlackText(block.text), L.contextText))] }]
        : [];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return actionRows(block.buttons);
  }
}

/**
 * Renders a message as Block Kit. Past 50 blocks Slack rejects the whole
 * message, so we keep the first 49 and the last one: messages end with
 * their buttons or footer, and the buttons are how people answer.
 */
export function messageToBlockKit(msg: Message): { text: string; blocks: KnownBlock[] } {
  const all = msg.blocks.flatMap(renderBlock);
  const last = all[all.length - 1];
  const blocks = all.length > L.blocksPerMessage && last ? [...all.slice(0, L.blocksPerMessage - 1), last] : all;
  return { text: clipMrkdwn(escapeSlackText(msg.text), L.messageText), blocks };
}

function option(o: { label: string; value: string }): PlainTextOption {
  return { text: plain(o.label, L.optionText), value: fit(o.value, L.optionValue, 'option value') };
}

function placeholder(text: string | undefined): { placeholder?: PlainTextElement } {
  return text ? { placeholder: plain(text, L.placeholder) } : {};
}

function inputElement(field: FormField): InputBlock['element'] {
  const action_id = fit(field.id, L.actionId, 'field id');
  switch (field.kind) {
    case 'text':
    case 'multiline':
      return {
        type: 'plain_text_input',
        action_id,
        ...(field.kind === 'multiline' ? { multiline: true } : {}),
        ...(field.value ? { initial_value: field.value } : {}),
        ...placeholder(field.placeholder),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, L.plainTextInputMaxLength) } : {}),
      };
    case 'select': {
      const options = field.options.slice(0, L.selectOptions).map(option);
      const initial = options.find((o) => o.value === field.value);
      return {
        type: 'static_select',
        action_id,
        options,
        ...placeholder(field.placeholder),
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case 'date':
      return {
        type: 'datepicker',
        action_id,
        ...(field.value && /^\d{4}-\d{2}-\d{2}$/.test(field.value) ? { initial_date: field.value } : {}),
      };
    case 'checkbox': {
      // One option whose text repeats the label: Slack needs text on the box itself.
      const only: PlainTextOption = { text: plain(field.label, L.optionText), value: 'true' };
      return { type: 'checkboxes', action_id, options: [only], ...(field.value ? { initial_options: [only] } : {}) };
    }
  }
}

/**
 * Renders a form as a modal; block_id and action_id are both the field id.
 * Its read-only blocks come first and its extra buttons last (an actions
 * block: a click there is a block_actions from inside the modal).
 */
export function formToSlackModal(form: Form): ModalView {
  const intro = (form.blocks ?? []).flatMap(renderBlock);
  const buttons = form.buttons?.length ? actionRows(form.buttons) : [];
  const inputs = form.fields.map(
    (field): InputBlock => ({
      type: 'input',
      block_id: fit(field.id, L.blockId, 'field id'),
      label: plain(field.label, L.inputLabel),
      optional: !field.required,
      element: inputElement(field),
    }),
  );
  // Over Slack's cap the read-only text gives way first: the inputs and buttons are how people answer.
  const room = Math.max(0, L.blocksPerModal - inputs.length - buttons.length);
  return {
    type: 'modal',
    callback_id: fit(form.id, L.callbackId, 'form id'),
    title: plain(form.title, L.modalTitle),
    submit: plain(form.submitLabel, L.modalSubmit),
    close: plain('Cancel', L.modalClose),
    private_metadata: fit(form.state ?? '', L.privateMetadata, 'form state'),
    blocks: [...intro.slice(0, room), ...inputs, ...buttons].slice(0, L.blocksPerModal),
  };
}

/** The part of Slack's `view.state.values` entries we read (Bolt's `ViewStateValue` fits it). */
export interface SlackStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date?: string | null;
  selected_options?: { value: string }[];
}

export type SlackStateValues = Record<string, Record<string, SlackStateValue>>;

function valueOf(state: SlackStateValue): string | boolean | undefined {
  switch (state.type) {
    case 'plain_text_input':
      return state.value || undefined;
    case 'static_select':
      return state.selected_option?.value;
    case 'datepicker':
      return state.selected_date ?? undefined;
    case 'checkboxes':
      return (state.selected_options ?? []).some((o) => o.value === 'true');
    default:
      return undefined;
  }
}

/**
 * Reads a view_submission back into form values, keyed by field id (our
 * block_id). Slack sends `null` for an empty input; that becomes `undefined`.
 */
export function slackViewValues(stateValues: SlackStateValues): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(stateValues)) {
    const state = actions[blockId] ?? Object.values(actions)[0];
    if (state) values[blockId] = valueOf(state);
  }
  return values;
}
