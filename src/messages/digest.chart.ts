import { Resvg } from '@resvg/resvg-js';
import { DateTime } from 'luxon';
import type { DigestData } from '../domain/digest.model.js';

/*
 * The digest's trend as a small picture. Drawn as SVG (a string, easy to
 * test) and rasterised by resvg, whose prebuilt binary comes from the npm
 * registry as an optional dependency: nothing is compiled or downloaded at
 * install. Flat colours and no gradients keep the PNG a few kilobytes, so it
 * fits inline in a Teams card.
 */

export interface ChartSeries {
  label: string;
  /** One value per week, oldest first. */
  values: number[];
}

const WIDTH = 480;
const HEIGHT = 170;
const PAD = { top: 34, right: 12, bottom: 26, left: 12 };
const COLOURS = ['#4a6cf7', '#2eb67d', '#ecb22e'] as const;
/** Earlier weeks in a paler shade of the same colour (solid, so the PNG keeps few colours). */
const PALE = ['#a9b8fb', '#97dbbe', '#f6d997'] as const;
const FONT = 'font-family="DejaVu Sans, Arial, sans-serif"';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Grouped bars, one group per week; the value over each bar of the newest week; a legend on top. */
export function trendChartSvg(series: readonly ChartSeries[], weekLabels: readonly string[]): string {
  const weeks = weekLabels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const groupW = plotW / weeks;
  const barW = Math.max(4, Math.floor((groupW * 0.7) / Math.max(1, series.length)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" shape-rendering="crispEdges" text-rendering="optimizeSpeed">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="#c8c8c8" stroke-width="1"/>`,
  ];
  let legendX = PAD.left;
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    parts.push(`<rect x="${legendX}" y="8" width="12" height="12" fill="${colour}"/>`);
    parts.push(`<text x="${legendX + 17}" y="18" font-size="13" fill="#333333" ${FONT}>${esc(s.label)}</text>`);
    legendX += 24 + s.label.length * 7.5;
  });
  for (let w = 0; w < weeks; w++) {
    const groupX = PAD.left + w * groupW + (groupW - barW * series.length) / 2;
    series.forEach((s, i) => {
      const v = s.values[w] ?? 0;
      const h = Math.round((v / max) * plotH);
      const x = Math.round(groupX + i * barW);
      const y = PAD.top + plotH - h;
      const newest = w === weeks - 1;
      parts.push(`<rect x="${x}" y="${y}" width="${barW - 1}" height="${h}" fill="${(newest ? COLOURS : PALE)[i % COLOURS.length]}" shape-rendering="crispEdges"/>`);
      if (newest) parts.push(`<text x="${x + (barW - 1) / 2}" y="${y - 4}" font-size="11" text-anchor="middle" fill="#333333" ${FONT}>${v}</text>`);
    });
    parts.push(
      `<text x="${PAD.left + w * groupW + groupW / 2}" y="${HEIGHT - 8}" font-size="11" text-anchor="middle" fill="#666666" ${FONT}>${esc(weekLabels[w] ?? '')}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

export function svgToPng(svg: string): Uint8Array {
  return new Uint8Array(new Resvg(svg, { background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng());
}

/** The digest's weeks, oldest first, as the day each began ("2 Nov"). */
export function weekLabels(d: DigestData): string[] {
  const starts = d.window.bounds.slice(1, d.trend.length + 1).reverse();
  return starts.map((at) => DateTime.fromJSDate(at, { zone: d.window.timezone }).toFormat('d LLL', { locale: 'en-GB' }));
}

/** The series the digest draws; nothing when every week is empty. */
export function digestSeries(d: DigestData): ChartSeries[] {
  const series: ChartSeries[] = [
    { label: 'Call notes', values: d.trend },
    { label: 'Changes acted on', values: d.trendActed },
    { label: 'Story engagement', values: d.trendEngaged },
  ];
  return series.every((s) => s.values.every((v) => v === 0)) ? [] : series;
}

/** The digest's trend as a PNG, or undefined when there is nothing to draw. */
export function digestChart(d: DigestData): Uint8Array | undefined {
  const series = digestSeries(d);
  return series.length ? svgToPng(trendChartSvg(series, weekLabels(d))) : undefined;
}
