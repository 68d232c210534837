/*
 * A sketch of how Slack draws the Block Kit we send, for reviewing messages
 * side by side with their Teams cards. It knows only the blocks our
 * renderer emits; the Block Kit Builder link beside it is the real thing.
 */

export function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function runs(elements: unknown): string {
  return list(elements)
    .map((e) => {
      const style = (e.style ?? {}) as { bold?: boolean; italic?: boolean };
      let out = html(str(e.text)).replace(/\n/g, '<br>');
      if (style.bold) out = `<b>${out}</b>`;
      if (style.italic) out = `<i>${out}</i>`;
      return out;
    })
    .join('');
}

function richElement(e: Json): string {
  switch (e.type) {
    case 'rich_text_section':
      return `<div>${runs(e.elements)}</div>`;
    case 'rich_text_quote':
      return `<blockquote>${runs(e.elements)}</blockquote>`;
    case 'rich_text_list': {
      const tag = e.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${list(e.elements).map((s) => `<li>${runs(s.elements)}</li>`).join('')}</${tag}>`;
    }
    default:
      return `<div class="unknown">${html(str(e.type))}</div>`;
  }
}

function input(b: Json): string {
  const el = (b.element ?? {}) as Json;
  const label = html(str((b.label as Json | undefined)?.text));
  const optional = b.optional ? ' <span class="muted">(optional)</span>' : '';
  const initial = html(str(el.initial_value) || str(el.initial_date) || str(((el.initial_option as Json | undefined)?.text as Json | undefined)?.text));
  const placeholder = html(str((el.placeholder as Json | undefined)?.text));
  const box = el.type === 'checkboxes' ? `☐ ${label}` : `<span class="box">${initial || `<span class="muted">${placeholder}</span>`}</span>`;
  return `<div class="input"><div><b>${label}</b>${optional}</div>${box}</div>`;
}

function block(b: Json, images: Record<string, string>): string {
  switch (b.type) {
    case 'header':
      return `<h3>${html(str((b.text as Json).text))}</h3>`;
    case 'rich_text':
      return `<div class="rich">${list(b.elements).map(richElement).join('')}</div>`;
    case 'context':
      return `<div class="context">${list(b.elements).map((e) => html(str(e.text))).join(' ')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${list(b.elements)
        .map((e) => `<span class="button ${str(e.style)}">${html(str((e.text as Json).text))}</span>`)
        .join('')}</div>`;
    case 'image': {
      const id = str((b.slack_file as Json | undefined)?.id);
      return `<img src="${images[id] ?? ''}" alt="${html(str(b.alt_text))}">`;
    }
    case 'input':
      return input(b);
    default:
      return `<div class="unknown">${html(str(b.type))}</div>`;
  }
}

/** A message's blocks, or a modal's title, inputs and buttons. `images`: data URIs by Slack file id. */
export function sketchBlockKit(payload: Json, images: Record<string, string> = {}): string {
  const blocks = list(payload.blocks).map((b) => block(b, images)).join('\n');
  if (payload.type !== 'modal') return `<div class="slack">${blocks}</div>`;
  const title = html(str((payload.title as Json).text));
  const submit = html(str((payload.submit as Json).text));
  return `<div class="slack modal"><h3>${title}</h3>${blocks}<div class="actions right"><span class="button">Cancel</span><span class="button primary">${submit}</span></div></div>`;
}
