// Email-client features the report uses knowing that some target client ignores them, each with the
// reason the email still reads correctly there. Keyed by caniemail's feature slug. Anything not
// listed here that a target client lacks fails the check.

export const ACCEPTED_FEATURES: Readonly<Record<string, string>> = {
  // <style> as a whole: Gmail's mobile web client (non-Google accounts) drops it. Every colour, size and
  // layout the email needs is inline; the stylesheet only adds dark mode and the narrow-screen tweaks.
  'html-style': 'inline styles carry the layout; the <style> block only adds dark mode and small-screen tweaks',
  'css-at-media': 'media queries only add dark mode and narrow-screen sizes; without them the light, fluid layout shows',
  'css-selector-class': 'class selectors live in the progressive-enhancement <style> block only',
  'css-selector-type': 'type selectors live in the progressive-enhancement <style> block only',
  'css-selector-id': "MJML's own Outlook reset targets #outlook; harmless where ignored",
  'css-selector-descendant': 'descendant selectors live in the progressive-enhancement <style> block only',
  'css-selector-chaining': 'chained selectors live in the progressive-enhancement <style> block only',
  'css-selector-attribute': "the [data-ogsc] rules only target Outlook's dark mode; elsewhere they match nothing",
  'css-color-scheme': 'declares light and dark support; clients that ignore it keep the light colours, which pass contrast',
  'html-meta-color-scheme': 'same as the color-scheme property: a hint, the light colours are the fallback',
  'css-display-none': 'only the hidden preheader uses it; a client that shows it shows the preview sentence, which is real text',
  'css-max-height': 'only the hidden preheader uses it (see display:none)',
  'css-overflow': 'only the hidden preheader uses it (see display:none)',
  'css-outline': "MJML's image reset (outline:none); without it a linked image may show a focus ring",
  'css-word-spacing': "MJML's Outlook conditional reset; no text depends on it",
  'css-border-spacing': "MJML's table reset; the KPI grid keeps cellspacing as an attribute for Outlook",
  'css-border-radius': 'rounded corners on cards and thumbnails; Outlook for Windows draws them square',
  'css-table-layout': "MJML's fixed table layout for columns; Outlook lays them out from the width attributes",
  'css-white-space': 'keeps amounts on one line; where ignored an amount may wrap, its value unchanged',
  'css-word-break': 'lets long names wrap; where ignored a long name widens its column',
  'css-height': 'bar cells also carry a height attribute, which Yahoo honours; the other heights are MJML resets and the hidden preheader',
  'css-object-fit': 'ad thumbnails are square; a non-square image is scaled to 28x28 instead of cropped',
  'html-body': "Yahoo replaces <body>; the page background and width sit on MJML's inner wrapper too",
  'html-aria-hidden':
    'hides decorative glyphs (arrows, squares) from screen readers; where dropped they are read, the text beside them still says the same',
  'html-aria-label': 'MJML labels its wrapper; where dropped a screen reader announces nothing extra',
};
