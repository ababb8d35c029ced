import { describe, expect, it } from 'vitest';
import { BLOCKED_IMAGE_PATH, emailView } from '../../../dev/preview/email-view.ts';

const html =
  '<html><head><style>.a{color:#000}@media (prefers-color-scheme: dark) { .a { color: #fff } }</style></head>' +
  '<body><img src="https://example.com/logo.png" alt="Logo"><img alt=\'Ad\' src=\'https://example.com/ad.jpg\'></body></html>';

describe('emailView', () => {
  it('applies the dark rules unconditionally in dark mode', () => {
    // act
    const view = emailView(html, { dark: true, images: true });

    // assert
    expect(view).toContain('@media all { .a { color: #fff } }');
    expect(view).toContain('<style>:root{color-scheme:dark !important}</style></head>');
  });

  it('never applies them in light mode, whatever the system prefers', () => {
    // act
    const view = emailView(html, { dark: false, images: true });

    // assert
    expect(view).toContain('@media not all { .a { color: #fff } }');
    expect(view).not.toContain('prefers-color-scheme');
    expect(view).toContain('color-scheme:light');
  });

  it('points every image at the blocked-image path when images are off, keeping the alt text', () => {
    // act
    const on = emailView(html, { dark: false, images: true });
    const off = emailView(html, { dark: false, images: false });

    // assert
    expect(on).toContain('src="https://example.com/logo.png"');
    expect(off).not.toContain('example.com');
    expect(off.match(new RegExp(`src="${BLOCKED_IMAGE_PATH}"`, 'g'))).toHaveLength(2);
    expect(off).toContain('alt="Logo"');
    expect(off).toContain("alt='Ad'");
  });
});
