import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formToSlackModal, messageToBlockKit } from '../../adapters/slack/block-kit.renderer.js';
import { formToAdaptiveCard, messageToAdaptiveCard, type AdaptiveCard } from '../../adapters/teams/adaptive-card.renderer.js';
import type { ImageBlock } from '../../src/messages/message.js';
import { html, sketchBlockKit } from './block-kit.sketch.js';
import { GALLERY } from './gallery.fixtures.js';

export interface GalleryItem {
  name: string;
  about: string;
  /** What chat.postMessage or views.open gets. */
  slack: Record<string, unknown>;
  teams: AdaptiveCard;
}

const require = createRequire(import.meta.url);
const BUILDER = 'https://app.slack.com/block-kit-builder/#';

/**
 * Every gallery entry through both real renderers. Images on Slack are
 * uploaded by the adapter before posting; here each gets a made-up file id
 * (`F_GALLERY_<key>`), which the sketch maps back to the picture.
 */
export function renderGallery(): { items: GalleryItem[]; images: Record<string, string> } {
  const images: Record<string, string> = {};
  const items = GALLERY.map((entry) => {
    const slackBuilt = entry.build({ slash: true });
    const teamsBuilt = entry.build({ slash: false });
    if ('form' in slackBuilt && 'form' in teamsBuilt) {
      return { name: entry.name, about: entry.about, slack: { ...formToSlackModal(slackBuilt.form) }, teams: formToAdaptiveCard(teamsBuilt.form) };
    }
    if (!('message' in slackBuilt) || !('message' in teamsBuilt)) throw new Error(`${entry.name}: a message on one platform, a form on the other`);
    const uploaded: Record<string, string> = {};
    for (const b of slackBuilt.message.blocks.filter((b): b is ImageBlock => b.type === 'image')) {
      const id = `F_GALLERY_${b.key}`;
      uploaded[b.key] = id;
      images[id] = `data:image/png;base64,${Buffer.from(b.png).toString('base64')}`;
    }
    return { name: entry.name, about: entry.about, slack: { ...messageToBlockKit(slackBuilt.message, uploaded) }, teams: messageToAdaptiveCard(teamsBuilt.message) };
  });
  return { items, images };
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px; background: #f4f4f6; color: #1d1c1d; }
section { background: #fff; border-radius: 8px; padding: 16px; margin-bottom: 24px; }
section > h2 { margin: 0 0 4px; font-size: 18px; } .about { color: #616061; margin: 0 0 12px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
.col h4 { margin: 0 0 8px; color: #616061; font-weight: 600; }
.slack { font-size: 15px; line-height: 1.45; border: 1px solid #ddd; border-radius: 6px; padding: 12px; }
.slack h3 { font-size: 18px; margin: 4px 0 8px; } .slack hr { border: 0; border-top: 1px solid #ddd; margin: 10px 0; }
.slack blockquote { border-left: 4px solid #ddd; margin: 4px 0; padding-left: 10px; }
.slack ul, .slack ol { margin: 4px 0; padding-left: 24px; } .rich { margin: 6px 0; }
.context { color: #616061; font-size: 12px; margin: 6px 0; } .muted { color: #999; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; } .right { justify-content: flex-end; }
.button { border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 600; font-size: 14px; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; } .button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
.input { margin: 10px 0; } .box { display: block; border: 1px solid #bbb; border-radius: 4px; padding: 6px; min-height: 18px; }
.slack img { max-width: 100%; }
.teams .ac-textBlock { overflow: visible !important; } .teams .ac-textBlock ul, .teams .ac-textBlock ol { padding-left: 20px; }
.teams { border: 1px solid #ddd; border-radius: 6px; font-family: 'Segoe UI', system-ui, sans-serif; }
details { margin-top: 8px; font-size: 12px; } pre { white-space: pre-wrap; word-break: break-all; max-height: 300px; overflow: auto; background: #f8f8f8; padding: 8px; }
`;

/** Renders each card with Microsoft's own renderer, Markdown through markdown-it as a Teams client would. */
const SCRIPT = `
const only = new URLSearchParams(location.hash.slice(1)).get('only');
if (only) for (const s of document.querySelectorAll('section')) if (!only.split(',').includes(s.id)) s.remove();
const md = window.markdownit({ breaks: false, linkify: true });
AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = md.render(text); result.didProcess = true; };
for (const holder of document.querySelectorAll('[data-card]')) {
  const card = new AdaptiveCards.AdaptiveCard();
  card.parse(JSON.parse(document.getElementById(holder.dataset.card).textContent));
  holder.appendChild(card.render());
}
`;

function page(items: GalleryItem[], images: Record<string, string>): string {
  const acJs = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  const acCss = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');
  const mdJs = readFileSync(require.resolve('markdown-it/browser'), 'utf8');
  const sections = items.map((item) => {
    const slackJson = JSON.stringify(item.slack, null, 2);
    const teamsJson = JSON.stringify(item.teams, null, 2);
    const builder = BUILDER + encodeURIComponent(JSON.stringify(item.slack.type === 'modal' ? item.slack : { blocks: item.slack.blocks }));
    return `<section id="${item.name}">
<h2>${html(item.name)}</h2><p class="about">${html(item.about)}</p>
<div class="cols">
<div class="col"><h4>Slack · <a href="${html(builder)}">open in Block Kit Builder</a></h4>${sketchBlockKit(item.slack, images)}
<details><summary>Block Kit JSON</summary><pre>${html(slackJson)}</pre></details></div>
<div class="col"><h4>Teams · Adaptive Card 1.5</h4><div class="teams" data-card="card-${item.name}"></div>
<script type="application/json" id="card-${item.name}">${teamsJson.replace(/</g, '\\u003c')}</script>
<details><summary>Adaptive Card JSON</summary><pre>${html(teamsJson)}</pre></details></div>
</div></section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>Hallway — every message</title>
<style>${acCss}</style><style>${STYLE}</style></head><body>
<h1>Hallway — every message, on Slack and Teams</h1>
${sections.join('\n')}
<script>${mdJs}</script><script>${acJs}</script><script>${SCRIPT}</script>
</body></html>`;
}

/** Writes `<out>/slack/*.json`, `<out>/teams/*.json` and `<out>/index.html`; returns what it rendered. */
export function buildGallery(out: string): GalleryItem[] {
  const { items, images } = renderGallery();
  mkdirSync(join(out, 'slack'), { recursive: true });
  mkdirSync(join(out, 'teams'), { recursive: true });
  for (const item of items) {
    writeFileSync(join(out, 'slack', `${item.name}.json`), `${JSON.stringify(item.slack, null, 2)}\n`);
    writeFileSync(join(out, 'teams', `${item.name}.json`), `${JSON.stringify(item.teams, null, 2)}\n`);
  }
  writeFileSync(join(out, 'index.html'), page(items, images));
  return items;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../gallery');
  const items = buildGallery(out);
  console.log(`${items.length} messages and forms on both platforms → ${join(out, 'index.html')}`);
}
