import { SLACK_LIMITS as L } from '../../adapters/slack/limits.js';

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const text = (v: unknown): string => (typeof v === 'object' && v !== null && typeof (v as Json).text === 'string' ? ((v as Json).text as string) : '');

/** Every rich-text run inside a rich_text block's elements, however nested. */
function richRuns(elements: unknown): Json[] {
  return list(elements).flatMap((e) => (e.type === 'text' ? [e] : richRuns(e.elements)));
}

/**
 * Checks a chat.postMessage payload or a modal view against Slack's limits
 * table and the block types Slack accepts there; returns what breaks them.
 */
export function slackLimitProblems(payload: Json): string[] {
  const problems: string[] = [];
  const over = (what: string, value: string | unknown[], max: number) => {
    if (value.length > max) problems.push(`${what}: ${value.length} > ${max}`);
  };
  const modal = payload.type === 'modal';
  const blocks = list(payload.blocks);
  over('blocks', blocks, modal ? L.blocksPerModal : L.blocksPerMessage);
  if (!modal) {
    if (typeof payload.text !== 'string' || payload.text === '') problems.push('message has no fallback text');
    else over('text', payload.text, L.messageText);
  } else {
    over('modal title', text(payload.title), L.modalTitle);
    over('modal submit', text(payload.submit), L.modalSubmit);
    over('private_metadata', String(payload.private_metadata ?? ''), L.privateMetadata);
    over('callback_id', String(payload.callback_id ?? ''), L.callbackId);
  }
  blocks.forEach((b, i) => {
    const at = `block ${i} (${String(b.type)})`;
    switch (b.type) {
      case 'header':
        over(`${at} text`, text(b.text), L.headerText);
        break;
      case 'rich_text': {
        const runs = richRuns(b.elements);
        if (runs.length === 0) problems.push(`${at} is empty`);
        over(`${at} text`, runs.map((r) => String(r.text)).join(''), L.richText);
        if (runs.some((r) => String(r.text) === '')) problems.push(`${at} has an empty run`);
        break;
      }
      case 'context':
        over(`${at} elements`, list(b.elements), L.contextElements);
        for (const e of list(b.elements)) over(`${at} text`, text(e), L.contextText);
        break;
      case 'actions': {
        const elements = list(b.elements);
        over(`${at} elements`, elements, L.actionsElements);
        const ids = elements.map((e) => String(e.action_id));
        if (new Set(ids).size !== ids.length) problems.push(`${at} repeats an action_id`);
        for (const e of elements) {
          over(`${at} button text`, text(e.text), L.buttonText);
          over(`${at} button value`, String(e.value ?? ''), L.buttonValue);
          over(`${at} action_id`, String(e.action_id ?? ''), L.actionId);
        }
        break;
      }
      case 'image':
        over(`${at} alt_text`, String(b.alt_text ?? ''), L.imageAltText);
        break;
      case 'divider':
        break;
      case 'input': {
        if (!modal) problems.push(`${at} outside a modal`);
        over(`${at} label`, text(b.label), L.inputLabel);
        over(`${at} block_id`, String(b.block_id ?? ''), L.blockId);
        const el = (b.element ?? {}) as Json;
        over(`${at} options`, list(el.options), el.type === 'checkboxes' ? L.checkboxOptions : L.selectOptions);
        for (const o of list(el.options)) over(`${at} option text`, text(o.text), L.optionText);
        break;
      }
      default:
        problems.push(`${at}: a block type our limits table does not cover`);
    }
  });
  return problems;
}
