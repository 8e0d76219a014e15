// The colours of a reply's delivery line (DeliveryState), kept here so a test
// holds each to WCAG AA (4.5:1) on the bubbles it is shown in. Mantine's
// orange 9 read at 4.0:1 on an agent's (teal 0) bubble for "Not sent yet,
// trying again"; its darkest shade darkened as the theme does for tinted
// text (theme.ts) reads at 7:1.
import { DEFAULT_THEME, darken } from '@mantine/core';

const { colors } = DEFAULT_THEME;

export const DELIVERY_TEXT = {
  /** Not sent, with "Send again". */
  failed: colors.red[9],
  /** Not sent yet, being tried again. */
  retrying: darken(colors.orange[9], 0.3),
  /** Queued, sent, delivered: the theme's dimmed grey (theme.ts cssVariables). */
  quiet: '#5c636a',
} as const;

/** The backgrounds the line is shown on: an agent's reply, and white. */
export const DELIVERY_BACKGROUNDS = { outbound: colors.teal[0], white: '#ffffff' } as const;
