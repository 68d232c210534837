import type { Block, Button, Form, FormField, FormValues, Message } from '../../src/messages/message.js';
import { ELLIPSIS, clip } from '../shared/clip.js';
import { TEAMS_LIMITS as L } from './limits.js';

/* The slice of the Adaptive Card 1.5 schema we emit; no SDK types needed. */

interface ElementBase {
  separator?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  size?: 'Small' | 'Default' | 'Medium' | 'Large' | 'ExtraLarge';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  isSubtle?: boolean;
}

export interface Container extends ElementBase {
  type: 'Container';
  style?: 'default' | 'emphasis';
  items: CardElement[];
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: { title: string; value: string }[];
}

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  style?: 'positive' | 'destructive';
  /** 'none': neither validate nor send the card's inputs (Back, Skip). */
  associatedInputs?: 'auto' | 'none';
  data: Record<string, unknown>;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: SubmitAction[];
}

interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired: boolean;
  errorMessage?: string;
}

export type CardInput =
  | (InputBase & { type: 'Input.Text'; value?: string; placeholder?: string; maxLength?: number; isMultiline?: boolean })
  | (InputBase & {
      type: 'Input.ChoiceSet';
      style: 'compact';
      choices: { title: string; value: string }[];
      value?: string;
      placeholder?: string;
    })
  | (InputBase & { type: 'Input.Date'; value?: string })
  | (InputBase & { type: 'Input.Toggle'; title: string; valueOn: 'true'; valueOff: 'false'; value: 'true' | 'false' });

export interface Image extends ElementBase {
  type: 'Image';
  url: string;
  altText: string;
}

export type CardElement = TextBlock | Container | FactSet | ActionSet | Image | CardInput;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  body: CardElement[];
  actions?: SubmitAction[];
}

/*
 * TextBlock, Fact.title and Fact.value read a small Markdown subset (bold,
 * italic, lists, links), and clients that apply no Markdown at all show a
 * backslash as it is. So we escape only what would otherwise be read as
 * markup, with CommonMark's backslash: `*`, a backtick, `[` (a link), `~~`,
 * `_` unless it sits inside a word (`America/New_York` reads the same either
 * way and is left alone), `<` (no `<at>` mention can come out of the text),
 * `&` before what looks like an entity, `{{` (Teams would evaluate
 * `{{DATE(…)}}`), a backslash that would escape the next character, and
 * list, heading and quote markers at the start of a line. Plain-text
 * properties (input labels, choices, button titles) are not Markdown and are
 * left as they are.
 */
const WORD = /[\p{L}\p{N}]/u;

export function escapeTeamsText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    const next = s.charAt(i + 1);
    if (c === '\\') out += /[!-/:-@[-`{-~]/.test(next) ? '\\\\' : c;
    else if (c === '*' || c === '`' || c === '[' || c === '<') out += `\\${c}`;
    else if (c === '_') out += WORD.test(s.charAt(i - 1)) && WORD.test(next) ? c : '\\_';
    else if (c === '~') out += next === '~' || s.charAt(i - 1) === '~' ? '\\~' : c;
    else if (c === '&') out += /^&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(s.slice(i, i + 12)) ? '\\&' : c;
    else if (c === '{') out += next === '{' || s.charAt(i - 1) === '{' ? '\\{' : c;
    else out += c;
  }
  return out
    .replace(/^([ \t]*)([-+>]|#{1,6})(?=[ \t]|$)/gm, '$1\\$2')
    .replace(/^([ \t]*)(\d+)([.)])(?=[ \t]|$)/gm, '$1$2\\$3');
}

/** Escapes then clips, never leaving a lone backslash to swallow the `…`. */
function markdown(s: string, max: number): string {
  const escaped = escapeTeamsText(s);
  const cut = clip(escaped, max);
  if (cut === escaped) return escaped;
  const kept = cut.slice(0, -ELLIPSIS.length);
  const trailing = kept.length - kept.replace(/\\+$/, '').length;
  return (trailing % 2 === 1 ? kept.slice(0, -1) : kept) + ELLIPSIS;
}

/**
 * A single line break collapses to a space in a TextBlock, so each line
 * becomes its own block: tight within a paragraph, spaced between them.
 */
function lines(text: string, max: number, style: Partial<TextBlock> = {}): TextBlock[] {
  const out: TextBlock[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n\s*/)) {
    paragraph.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      out.push({ type: 'TextBlock', text: markdown(line, max), wrap: true, ...style, ...(i > 0 ? { spacing: 'None' } : {}) });
    });
  }
  return out;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const STYLES = { primary: 'positive', danger: 'destructive' } as const;

function submitButton(button: Button): SubmitAction {
  return {
    type: 'Action.Submit',
    title: clip(button.label, L.actionTitle),
    ...(button.style ? { style: STYLES[button.style] } : {}),
    data: { hallwayAction: button.actionId, value: button.value },
  };
}

function renderBlock(block: Exclude<Block, { type: 'divider' }>): CardElement[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'TextBlock', text: markdown(block.text, L.headerText), size: 'Large', weight: 'Bolder', wrap: true }];
    case 'heading':
      return [{ type: 'TextBlock', text: markdown(block.text, L.headerText), size: 'Medium', weight: 'Bolder', wrap: true }];
    case 'text':
      return lines(block.text, L.textBlock);
    case 'list': {
      // Teams reads "- a\r- b" as a list: one block, with a hanging indent, and no paragraph gaps.
      const items = block.items.filter((i) => i.trim());
      if (items.length === 0) return [];
      const each = Math.floor(L.textBlock / items.length);
      const text = items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${markdown(item, each)}`).join('\r');
      return [{ type: 'TextBlock', text, wrap: true }];
    }
    case 'quote': {
      // TextBlock has no italic flag: markdown emphasis, line by line.
      const items: CardElement[] = lines(block.text, L.textBlock).map((b) => ({ ...b, text: `_${b.text.trim()}_` }));
      if (block.by) items.push({ type: 'TextBlock', text: `— ${markdown(block.by, L.factTitle)}`, isSubtle: true, wrap: true });
      return items.length ? [{ type: 'Container', style: 'emphasis', items }] : [];
    }
    case 'fields':
      return block.fields.length
        ? [
            {
              type: 'FactSet',
              facts: block.fields.map((f) => ({
                title: markdown(f.label, L.factTitle),
                value: markdown(f.value, L.factValue).replace(/\n+/g, '\n\n'),
              })),
            },
          ]
        : [];
    case 'person': {
      const detail = [block.title, block.account].filter(Boolean).join(' · ');
      const name: TextBlock = { type: 'TextBlock', text: markdown(block.name, L.headerText), weight: 'Bolder', wrap: true };
      if (!detail) return [name];
      return [name, { type: 'TextBlock', text: markdown(detail, L.textBlock), isSubtle: true, spacing: 'None', wrap: true }];
    }
    case 'context':
      return lines(block.text, L.textBlock, { isSubtle: true, size: 'Small' });
    case 'actions':
      return chunk(block.buttons, L.actionsPerSet).map((buttons) => ({ type: 'ActionSet', actions: buttons.map(submitButton) }));
    case 'image': {
      const url = `data:image/png;base64,${Buffer.from(block.png).toString('base64')}`;
      if (url.length > L.imageDataUri) return lines(block.fallback, L.textBlock);
      return [{ type: 'Image', url, altText: clip(block.alt, L.imageAltText) }];
    }
  }
}

function utf16Bytes(card: AdaptiveCard): number {
  return JSON.stringify(card).length * 2;
}

function card(body: CardElement[], actions?: SubmitAction[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions ? { actions } : {}),
  };
}

/**
 * Renders a message as a card. A divider becomes `separator: true` on the
 * element after it. Over the size budget Teams rejects the whole message, so
 * we drop elements from the end but keep the last one, as Slack's renderer
 * does: messages end with their buttons or footer.
 */
export function messageToAdaptiveCard(msg: Message): AdaptiveCard {
  const body: CardElement[] = [];
  let separate = false;
  for (const block of msg.blocks) {
    if (block.type === 'divider') {
      separate = body.length > 0;
      continue;
    }
    const elements = renderBlock(block);
    const [first, ...rest] = elements;
    if (!first) continue;
    body.push(separate ? { ...first, separator: true } : first, ...rest);
    separate = false;
  }
  const result = card(body);
  while (utf16Bytes(result) > L.cardBytes && body.length > 1) body.splice(body.length - 2, 1);
  return result;
}

function input(field: FormField): CardInput {
  const base = {
    id: field.id,
    label: clip(field.label, L.inputLabel),
    isRequired: Boolean(field.required),
    ...(field.required ? { errorMessage: 'This field is required.' } : {}),
  };
  const placeholder = 'placeholder' in field && field.placeholder ? { placeholder: clip(field.placeholder, L.placeholder) } : {};
  switch (field.kind) {
    case 'text':
    case 'multiline':
      return {
        type: 'Input.Text',
        ...base,
        ...(field.value ? { value: field.value } : {}),
        ...placeholder,
        ...(field.maxLength ? { maxLength: Math.min(field.maxLength, L.inputMaxLength) } : {}),
        ...(field.kind === 'multiline' ? { isMultiline: true } : {}),
      };
    case 'select':
      return {
        type: 'Input.ChoiceSet',
        ...base,
        style: 'compact',
        choices: field.options.slice(0, L.choices).map((o) => ({ title: clip(o.label, L.choiceTitle), value: o.value })),
        ...(field.value ? { value: field.value } : {}),
        ...placeholder,
      };
    case 'date':
      return { type: 'Input.Date', ...base, ...(field.value ? { value: field.value } : {}) };
    case 'checkbox': {
      // The toggle's own title carries the label; a `label` above it would repeat it.
      const { label, ...rest } = base;
      return { type: 'Input.Toggle', ...rest, title: label, valueOn: 'true', valueOff: 'false', value: field.value ? 'true' : 'false' };
    }
  }
}

/**
 * Renders a form as a card. The submit data names the form, carries its
 * state and lists the toggles, so `teamsSubmitValues` can tell a checkbox's
 * "true" from someone typing "true" without being handed the form again.
 */
export function formToAdaptiveCard(form: Form): AdaptiveCard {
  const toggles = form.fields.filter((f) => f.kind === 'checkbox').map((f) => f.id);
  const title: TextBlock = { type: 'TextBlock', text: markdown(form.title, L.headerText), size: 'Large', weight: 'Bolder', wrap: true };
  const intro = (form.blocks ?? []).flatMap((b) => (b.type === 'divider' ? [] : renderBlock(b)));
  // Back, Skip: they answer without the inputs, so a required field cannot block them.
  const extra = (form.buttons ?? []).map((b): SubmitAction => ({ ...submitButton(b), associatedInputs: 'none' }));
  return card(
    [title, ...intro, ...form.fields.map(input)],
    [
      {
        type: 'Action.Submit',
        title: clip(form.submitLabel, L.actionTitle),
        data: { hallwayForm: form.id, hallwayState: form.state ?? '', ...(toggles.length ? { hallwayToggles: toggles } : {}) },
      },
      ...extra,
    ],
  );
}

const RESERVED = new Set(['hallwayForm', 'hallwayState', 'hallwayToggles', 'hallwayAction']);

/**
 * Reads a submitted `activity.value` back into form values. With `fields`
 * only those ids are read, typed by kind; without, every non-hallway string
 * is read and the ids in `hallwayToggles` become booleans. Teams sends an
 * empty input as "" or leaves it out; both become `undefined`.
 */
export function teamsSubmitValues(data: Record<string, unknown>, fields?: readonly FormField[]): FormValues {
  const toggleIds = fields
    ? fields.filter((f) => f.kind === 'checkbox').map((f) => f.id)
    : Array.isArray(data.hallwayToggles)
      ? data.hallwayToggles.filter((id): id is string => typeof id === 'string')
      : [];
  const ids = fields ? fields.map((f) => f.id) : Object.keys(data).filter((k) => !RESERVED.has(k));
  const values: FormValues = {};
  for (const id of ids) {
    const raw = data[id];
    values[id] = toggleIds.includes(id) ? raw === 'true' : typeof raw === 'string' && raw !== '' ? raw : undefined;
  }
  return values;
}
