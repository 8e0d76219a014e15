import { describe, expect, it } from 'vitest';
import { DELIVERY_BACKGROUNDS, DELIVERY_TEXT } from './deliveryColors.ts';

function channels(colour: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (hex) return [1, 2, 3].map((i) => parseInt(hex[i]!, 16)) as [number, number, number];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  if (rgb) return [1, 2, 3].map((i) => Number(rgb[i])) as [number, number, number];
  throw new Error(`not a colour: ${colour}`);
}

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(colour: string) {
  const [r, g, b] = channels(colour).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('the delivery line of a reply', () => {
  it.each(Object.entries(DELIVERY_TEXT))(
    '%s text reads at 4.5:1 or more on every bubble it is shown on',
    (_state, colour) => {
      for (const background of Object.values(DELIVERY_BACKGROUNDS))
        expect(contrast(colour, background)).toBeGreaterThanOrEqual(4.5);
    },
  );
});
