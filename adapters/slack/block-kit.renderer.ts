import type {
  ActionsBlock,
  ImageBlock as SlackImageBlock,
  Button as SlackButton,
  InputBlock,
  KnownBlock,
  ModalView,
  PlainTextElement,
  PlainTextOption,
  RichTextBlock,
  RichTextBlockElement,
  RichTextText,
} from '@slack/types';
import type { Block, Button, Form, FormField, FormValues, Message } from '../../src/messages/message.js';
import { ELLIPSIS, clip } from '../shared/clip.js';
import { SLACK_LIMITS as L } from './limits.js';

/*
 * Untrusted text never goes through mrkdwn. Slack mrkdwn has no escape
 * character, so the only way to show `*`, `_`, `~` or a backtick as typed is
 * a text type Slack does not parse: `plain_text`, or the text elements of a
 * `rich_text` block, whose styles we set explicitly. Neither turns `<@U1>`,
 * `<!channel>` or `@here` into a ping: in rich text a mention is its own
 * element type, which we never emit. The one mrkdwn string left is the
 * top-level `text` (the notification fallback), where `&`, `<` and `>` are
 * entity-escaped as Slack documents, and nothing else is touched.
 */
export function escapeSlackText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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

type Style = NonNullable<RichTextText['style']>;

function run(text: string, style?: Style): RichTextText {
  return { type: 'text', text, ...(style ? { style } : {}) };
}

/**
 * Clips a run of rich-text pieces to a shared budget: later pieces get what
 * the earlier ones left, and an emptied piece is dropped.
 */
function budget(runs: RichTextText[], max: number): RichTextText[] {
  const out: RichTextText[] = [];
  let left = max;
  for (const r of runs) {
    if (left <= 0) break;
    const text = clip(r.text, left);
    if (text) out.push({ ...r, text });
    left -= text.length;
  }
  return out;
}

function richText(elements: RichTextBlockElement[]): RichTextBlock {
  return { type: 'rich_text', elements };
}

function section(runs: RichTextText[]): RichTextBlockElement {
  return { type: 'rich_text_section', elements: budget(runs, L.richText) };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Slack rejects an actions block whose buttons repeat an action_id, yet the
 * core may offer several buttons with one actionId and different values
 * ("Open Globex", "Open Initech"). Within a row, the second and later get
 * `#2`, `#3`… appended, which `coreActionId` strips when the click comes
 * back, so they still sit side by side. Past 25 buttons a new row starts.
 */
function actionRows(buttons: readonly Button[]): ActionsBlock[] {
  return chunk(buttons, L.actionsElements).map((row) => {
    const seen = new Map<string, number>();
    return {
      type: 'actions',
      elements: row.map((button) => {
        const n = (seen.get(button.actionId) ?? 0) + 1;
        seen.set(button.actionId, n);
        return renderButton(button, n === 1 ? button.actionId : `${button.actionId}${ACTION_SUFFIX}${n}`);
      }),
    };
  });
}

const ACTION_SUFFIX = '#';

/** The core's actionId of a clicked Slack action_id (see actionRows). */
export function coreActionId(slackActionId: string): string {
  return slackActionId.replace(/#\d+$/, '');
}

function renderButton(button: Button, actionId: string): SlackButton {
  return {
    type: 'button',
    action_id: fit(actionId, L.actionId, 'action_id'),
    text: plain(button.label, L.buttonText),
    value: fit(button.value, L.buttonValue, 'button value'),
    ...(button.style ? { style: button.style } : {}),
  };
}

/** Slack file ids of the message's images, by `ImageBlock.key`, once the adapter has uploaded them. */
export type UploadedImages = Readonly<Record<string, string>>;

function renderBlock(block: Block, images: UploadedImages): KnownBlock[] {
  switch (block.type) {
    case 'header':
      return block.text.trim() ? [{ type: 'header', text: plain(block.text, L.headerText) }] : [];
    case 'heading':
      return block.text.trim() ? [richText([section([run(block.text, { bold: true })])])] : [];
    case 'text':
      return block.text.trim() ? [richText([section([run(block.text)])])] : [];
    case 'list': {
      const items = block.items.filter((i) => i.trim()).slice(0, L.listItems);
      if (items.length === 0) return [];
      const each = Math.floor(L.richText / items.length);
      return [
        richText([
          {
            type: 'rich_text_list',
            style: block.ordered ? 'ordered' : 'bullet',
            elements: items.map((item) => ({ type: 'rich_text_section', elements: budget([run(item)], each) })),
          },
        ]),
      ];
    }
    case 'quote': {
      const by = block.by ? [section([run(`— ${block.by}`, { italic: true })])] : [];
      return [richText([{ type: 'rich_text_quote', elements: budget([run(block.text)], L.richText) }, ...by])];
    }
    case 'fields': {
      if (block.fields.length === 0) return [];
      const each = Math.floor(L.richText / block.fields.length);
      const last = block.fields.length - 1;
      return [
        richText(
          block.fields.map((f, i) => ({
            type: 'rich_text_section',
            elements: budget([run(f.label, { bold: true }), run(`\n${f.value}${i < last ? '\n' : ''}`)], each),
          })),
        ),
      ];
    }
    case 'person': {
      const detail = [block.title ? `, ${block.title}` : '', block.account ? ` · ${block.account}` : ''].join('');
      return [richText([section([run(block.name, { bold: true }), ...(detail ? [run(detail)] : [])])])];
    }
    case 'context':
      return block.text.trim() ? [{ type: 'context', elements: [plain(block.text, L.contextText)] }] : [];
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions':
      return actionRows(block.buttons);
    case 'image': {
      const id = images[block.key];
      if (!id) return block.fallback.trim() ? [richText([section([run(block.fallback)])])] : [];
      const image: SlackImageBlock = { type: 'image', slack_file: { id }, alt_text: clip(block.alt, L.imageAltText) };
      return [image];
    }
  }
}

/**
 * Renders a message as Block Kit. Past 50 blocks Slack rejects the whole
 * message, so we keep the first 49 and the last one: messages end with
 * their buttons or footer, and the buttons are how people answer. Images
 * appear only once uploaded (`images`); until then their text fallback does.
 */
export function messageToBlockKit(msg: Message, images: UploadedImages = {}): { text: string; blocks: KnownBlock[] } {
  const all = msg.blocks.flatMap((b) => renderBlock(b, images));
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
  const intro = (form.blocks ?? []).flatMap((b) => renderBlock(b, {}));
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
