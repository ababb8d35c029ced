/**
 * How the page shows an email in its iframe: dark mode and blocked images are emulated by rewriting
 * the HTML, since a page cannot set `prefers-color-scheme` or block images for one iframe.
 */
export interface ViewOptions {
  dark: boolean;
  images: boolean;
}

const DARK_QUERY = /@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi;
/** Where blocked images point: the server answers 404, so the browser shows the alt text as clients do. */
export const BLOCKED_IMAGE_PATH = '/blocked-image';

export const emailView = (html: string, options: ViewOptions): string => {
  // Dark: the email's dark rules apply unconditionally; light: never, whatever the OS says.
  let view = html.replace(DARK_QUERY, options.dark ? '@media all' : '@media not all');
  const scheme = `<style>:root{color-scheme:${options.dark ? 'dark' : 'light'} !important}</style>`;
  view = view.includes('</head>') ? view.replace('</head>', `${scheme}</head>`) : scheme + view;
  if (!options.images) view = view.replace(/(<img\b[^>]*?\bsrc=)("[^"]*"|'[^']*')/gi, `$1"${BLOCKED_IMAGE_PATH}"`);
  return view;
};
