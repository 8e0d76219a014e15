import {
  Alert,
  Combobox,
  createTheme,
  Drawer,
  mergeThemeOverrides,
  Modal,
  type CSSVariablesResolver,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

// Mantine's light and outline variants write a colour's shade 6 on white or
// on its shade 0-1, and filled ones white on shade 6: for teal, green, orange
// and yellow that is 2.5-4.3:1, below WCAG AA's 4.5:1 for text. Text on a
// tinted background here uses the colour's darkest shade, darkened until it
// reads at 4.5:1 or more on its tint (e2e/accessibility.spec.ts checks it).
const TEXT_DARKEN = 0.3;

const readableVariants: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({
    color: input.color ?? input.theme.primaryColor,
    theme: input.theme,
  });
  if (!parsed.isThemeColor || !parsed.color) return colors;
  const shades = input.theme.colors[parsed.color];
  if (!shades) return colors;
  const text = darken(shades[9], TEXT_DARKEN);
  switch (input.variant) {
    case 'light':
      return { ...colors, background: shades[0], hover: shades[1], color: text };
    case 'outline':
      return { ...colors, color: text, border: `1px solid ${text}` };
    case 'subtle':
      return { ...colors, color: text };
    default:
      return colors;
  }
};

export const theme = createTheme({
  primaryColor: 'teal',
  // White on teal 9 reads at 5:1; on the default shade 6, 2.5:1.
  primaryShade: { light: 9, dark: 7 },
  // Filled badges of light colours (green, yellow) get dark text.
  autoContrast: true,
  defaultRadius: 'sm',
  variantColorResolver: readableVariants,
  components: {
    // Mantine keeps a closed select's dropdown mounted (hidden), with every option, and
    // measures where it would float as it mounts: a conversation's header has four, built
    // again for each conversation opened. Built when opened instead.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
  },
});

/** Mantine's dimmed grey (#868e96) reads at 3.3:1 on white; this one at 6:1. */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636a' },
  dark: {},
});

/**
 * The theme with the texts Mantine's own controls need in the reader's language:
 * every dialog's, drawer's and alert's close button gets an accessible name.
 */
export function localisedTheme(closeLabel: string) {
  const closeButtonProps = { 'aria-label': closeLabel };
  return mergeThemeOverrides(
    theme,
    createTheme({
      components: {
        Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
        Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
        Alert: Alert.extend({ defaultProps: { closeButtonLabel: closeLabel } }),
      },
    }),
  );
}
