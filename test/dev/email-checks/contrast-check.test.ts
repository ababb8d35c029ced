import { describe, expect, it } from 'vitest';
import { checkContrast, contrastRatio, parseColor } from '../../../dev/email-checks/contrast-check.ts';

const page = (body: string, css = '') =>
  `<!doctype html><html><head><style>${css}</style></head><body style="background-color:#ffffff;">${body}</body></html>`;

describe('contrastRatio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrastRatio([255, 255, 255], [255, 255, 255])).toBe(1);
    // #767676 on white is the classic "just passes 4.5:1" grey.
    expect(contrastRatio(parseColor('#767676')!, parseColor('#fff')!)).toBeCloseTo(4.54, 2);
  });

  it('reads hex, short hex, rgb() and names, and refuses what is not a solid colour', () => {
    expect(parseColor('#1F2933')).toEqual([31, 41, 51]);
    expect(parseColor('#abc')).toEqual([170, 187, 204]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('white')).toEqual([255, 255, 255]);
    expect(parseColor('transparent')).toBeNull();
    expect(parseColor('rgba(0,0,0,0.5)')).toBeNull();
  });
});

describe('checkContrast', () => {
  it('passes dark text on white', () => {
    expect(checkContrast(page('<div style="color:#1f2933;">Ventas</div>'))).toEqual([]);
  });

  it('reports light-grey text on white, with the colours and the ratio, in both modes when no dark rule changes it', () => {
    const findings = checkContrast(page('<table><tr><td bgcolor="#ffffff"><div style="color:#aaaaaa;">sin cambio</div></td></tr></table>'));

    const finding = { selector: 'tr > td > div "sin cambio"', foreground: '#aaaaaa', background: '#ffffff', ratio: 2.32, required: 4.5 };
    expect(findings).toEqual([
      { mode: 'light', ...finding },
      { mode: 'dark', ...finding },
    ]);
  });

  it('applies the dark-mode rules over the inline styles (with !important) and checks them too', () => {
    const css =
      '@media (prefers-color-scheme: dark) { .card { background: #1b2027 !important; } .card .flat { color: #52606d !important; } }';
    const html = page(
      '<div class="card" style="background-color:#ffffff;"><span class="flat" style="color:#52606d;">sin cambio</span></div>',
      css,
    );

    const findings = checkContrast(html);

    // Light: #52606d on white is 6.4:1 (passes); dark: the same grey on #1b2027 fails.
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ mode: 'dark', foreground: '#52606d', background: '#1b2027', required: 4.5 });
    expect(findings[0]!.ratio).toBeLessThan(3);
  });

  it('holds bars to 3:1 against what is behind them', () => {
    const bar = (color: string) =>
      page(`<table role="presentation"><tr><td bgcolor="${color}" style="height:8px;font-size:0;">&nbsp;</td></tr></table>`);

    expect(checkContrast(bar('#9aa5b1')).filter((finding) => finding.mode === 'light')).toEqual([
      expect.objectContaining({
        selector: expect.stringContaining('[bgcolor=#9aa5b1]'),
        foreground: '#9aa5b1',
        background: '#ffffff',
        ratio: 2.5,
        required: 3,
      }),
    ]);
    expect(checkContrast(bar('#6b7785'))).toEqual([]);
  });

  it('holds decorative glyphs (aria-hidden) to 3:1 and ignores hidden text', () => {
    const html = page('<span aria-hidden="true" style="color:#8a8a8a;">■</span><div style="display:none;color:#ffffff;">preheader</div>');

    expect(checkContrast(html)).toEqual([]);
  });
});
