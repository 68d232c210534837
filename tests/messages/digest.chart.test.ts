import { describe, expect, it } from 'vitest';
import { svgToPng, trendChartSvg } from '../../src/messages/digest.chart.js';

const pngSize = (png: Uint8Array) => {
  const b = Buffer.from(png);
  return { signature: b.subarray(1, 4).toString('ascii'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
};

describe('the digest trend chart', () => {
  const weeks = ['5 Oct', '12 Oct', '19 Oct', '26 Oct', '2 Nov', '9 Nov', '16 Nov', '23 Nov'];

  it('draws one bar per week scaled to the largest, labels the weeks and gives the newest its value', () => {
    const svg = trendChartSvg([{ label: 'Call notes', values: [0, 2, 4, 0, 0, 1, 2, 4] }], weeks);
    const bars = [...svg.matchAll(/<rect x="\d+" y="(\d+)" width="\d+" height="(\d+)" fill="(#[0-9a-f]+)"/g)].map((m) => [Number(m[2]), m[3]]).slice(1); // the first is the legend's swatch
    // 110 px of plot height: 4 is the tallest, 2 half of it, 1 a quarter; the newest week in the strong colour.
    expect(bars).toEqual([
      [0, '#a9b8fb'],
      [55, '#a9b8fb'],
      [110, '#a9b8fb'],
      [0, '#a9b8fb'],
      [0, '#a9b8fb'],
      [28, '#a9b8fb'],
      [55, '#a9b8fb'],
      [110, '#4a6cf7'],
    ]);
    for (const w of weeks) expect(svg).toContain(`>${w}</text>`);
    expect(svg).toContain('>Call notes</text>');
    expect(svg).toMatch(/>4<\/text>/);
  });

  it('escapes labels, so a series name cannot break the SVG', () => {
    expect(trendChartSvg([{ label: 'R&D <notes>', values: [1] }], ['1 Dec'])).toContain('>R&amp;D &lt;notes&gt;</text>');
  });

  it('renders to a small PNG of the chart size, without any download or native build', () => {
    const png = svgToPng(trendChartSvg([{ label: 'Call notes', values: [4, 6, 5, 8, 7, 9, 9, 12] }], weeks));
    expect(pngSize(png)).toEqual({ signature: 'PNG', width: 480, height: 170 });
    // Small enough to go inline in a Teams card (the renderer's bound is 10,000 characters of data URI).
    expect(Buffer.from(png).toString('base64').length).toBeLessThan(10_000);
  });
});
