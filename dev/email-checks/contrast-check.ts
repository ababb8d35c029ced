// WCAG contrast of every visible text and every bar of an email, in light mode and in dark mode,
// computed from the email's own CSS: inline styles and bgcolor attributes for light mode, plus the
// rules inside `@media (prefers-color-scheme: dark)` inlined over them (juice, with their specificity
// and !important) for dark mode, as Apple Mail and the other clients that honour them apply them.
import { parse as parseCss, stringify as stringifyCss, type CssAtRuleAST, type CssMediaAST } from '@adobe/css-tools';
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import juice from 'juice';

export interface ContrastFinding {
  mode: 'light' | 'dark';
  /** The element's short path and the start of its text, e.g. `td.kpi > div "sin cambio"`. */
  selector: string;
  foreground: string;
  background: string;
  ratio: number;
  required: number;
}

/** WCAG 2.x AA: body text 4.5:1; graphics that carry meaning (bars, legend squares) 3:1. */
export const REQUIRED = { text: 4.5, graphic: 3 } as const;

type Rgb = [number, number, number];

const NAMED: Record<string, string> = { white: '#ffffff', black: '#000000' };

/** A CSS colour as rgb, or null for what is not a solid colour (transparent, inherit, images). */
export const parseColor = (value: string): Rgb | null => {
  const text = (NAMED[value.trim().toLowerCase()] ?? value).trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex) {
    const digits = hex[1] as string;
    const full = digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits;
    return [0, 2, 4].map((index) => parseInt(full.slice(index, index + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$/.exec(text);
  if (rgb && (rgb[4] === undefined || parseFloat(rgb[4]) >= (rgb[4].endsWith('%') ? 100 : 1))) {
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  }
  return null;
};

const hexOf = ([r, g, b]: Rgb): string => `#${[r, g, b].map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;

const luminance = (rgb: Rgb): number => {
  const [r, g, b] = rgb.map((channel) => {
    const value = channel / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** The WCAG contrast ratio of two colours, 1 to 21. */
export const contrastRatio = (a: Rgb, b: Rgb): number => {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
};

interface Declaration {
  value: string;
  important: boolean;
  order: number;
}

/** The declarations of a style attribute, each with its !important flag and position. */
const declarations = (style: string | undefined): Map<string, Declaration> => {
  const found = new Map<string, Declaration>();
  (style ?? '').split(';').forEach((part, order) => {
    const colon = part.indexOf(':');
    if (colon < 0) return;
    const name = part.slice(0, colon).trim().toLowerCase();
    const raw = part.slice(colon + 1).trim();
    const important = /!important\s*$/i.test(raw);
    const previous = found.get(name);
    // Within one property, an !important declaration beats any plain one, else the last wins.
    if (previous?.important && !important) return;
    found.set(name, { value: raw.replace(/\s*!important\s*$/i, ''), important, order });
  });
  return found;
};

/** The value that wins among properties setting the same thing (background vs background-color). */
const winning = (style: Map<string, Declaration>, names: string[]): string | undefined =>
  names
    .map((name) => style.get(name))
    .filter((declaration): declaration is Declaration => declaration !== undefined)
    .sort((a, b) => Number(a.important) - Number(b.important) || a.order - b.order)
    .at(-1)?.value;

const colorToken = (value: string): Rgb | null => {
  for (const token of value.match(/#[0-9a-f]{3,6}\b|rgba?\([^)]*\)|\b(?:white|black)\b/gi) ?? []) {
    const color = parseColor(token);
    if (color) return color;
  }
  return null;
};

const ownBackground = (element: Element): Rgb | null => {
  const fromStyle = winning(declarations(element.attribs.style), ['background', 'background-color']);
  const color = fromStyle === undefined ? null : colorToken(fromStyle);
  if (color) return color;
  return element.attribs.bgcolor ? parseColor(element.attribs.bgcolor) : null;
};

const ancestorsOrSelf = (element: Element): Element[] => {
  const chain: Element[] = [];
  for (let node: AnyNode | null = element; node && node.type === 'tag'; node = node.parent) chain.push(node as Element);
  return chain;
};

const backgroundOf = (elements: Element[]): Rgb => {
  for (const element of elements) {
    const color = ownBackground(element);
    if (color) return color;
  }
  return [255, 255, 255];
};

const foregroundOf = (elements: Element[]): Rgb => {
  for (const element of elements) {
    const value = declarations(element.attribs.style).get('color')?.value ?? element.attribs.color;
    const color = value === undefined ? null : parseColor(value);
    if (color) return color;
  }
  return [0, 0, 0];
};

const hidden = (elements: Element[]): boolean =>
  elements.some((element) => {
    const style = declarations(element.attribs.style);
    return (
      style.get('display')?.value === 'none' ||
      style.get('opacity')?.value === '0' ||
      ['head', 'style', 'title', 'script'].includes(element.name)
    );
  });

const describe = (element: Element, text: string): string => {
  const path = ancestorsOrSelf(element)
    .slice(0, 3)
    .reverse()
    .map(
      (node) =>
        `${node.name}${(node.attribs.class ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((name) => `.${name}`)
          .join('')}`,
    )
    .join(' > ');
  const excerpt = text.startsWith('[') ? text : text.replace(/\s+/g, ' ').trim().slice(0, 40);
  return excerpt ? `${path} "${excerpt}"` : path;
};

const NO_TEXT = /^[\s\u00a0]*$/;

/** The rules of `@media (prefers-color-scheme: dark)` blocks, as one stylesheet. */
const darkModeCss = (css: string): string => {
  const rules = parseCss(css, { silent: true }).stylesheet.rules.filter(
    (rule: CssAtRuleAST): rule is CssMediaAST => rule.type === 'media' && /prefers-color-scheme:\s*dark/.test(rule.media),
  );
  return rules
    .map((rule) => stringifyCss({ type: 'stylesheet', stylesheet: { rules: rule.rules } } as Parameters<typeof stringifyCss>[0]))
    .join('\n');
};

const JUICE_OPTIONS = {
  preserveImportant: true,
  applyWidthAttributes: false,
  applyHeightAttributes: false,
  applyAttributesTableElements: false,
  insertPreservedExtraCss: false,
  removeStyleTags: false,
} as const;

const findingsIn = (html: string, mode: ContrastFinding['mode']): ContrastFinding[] => {
  const $ = cheerio.load(html);
  const findings = new Map<string, ContrastFinding>();
  const check = (element: Element, text: string, foreground: Rgb, background: Rgb, required: number) => {
    const ratio = contrastRatio(foreground, background);
    if (ratio >= required) return;
    const finding = {
      mode,
      selector: describe(element, text),
      foreground: hexOf(foreground),
      background: hexOf(background),
      ratio: Math.round(ratio * 100) / 100,
      required,
    };
    findings.set(`${finding.selector}|${finding.foreground}|${finding.background}`, finding);
  };

  $('body *').each((_index, element) => {
    const chain = ancestorsOrSelf(element);
    if (hidden(chain)) return;
    const ownText = element.children
      .filter((child) => child.type === 'text')
      .map((child) => (child as unknown as { data: string }).data)
      .join('');
    if (!NO_TEXT.test(ownText)) {
      // A decorative glyph (aria-hidden) is a graphic next to text that says the same: 3:1.
      const graphic = chain.some((node) => node.attribs['aria-hidden'] === 'true');
      check(element, ownText, foregroundOf(chain), backgroundOf(chain), graphic ? REQUIRED.graphic : REQUIRED.text);
      return;
    }
    // A bar: a cell painted with a colour and holding no text, against whatever is behind it.
    const paint = element.name === 'td' && NO_TEXT.test($(element).text()) ? ownBackground(element) : null;
    if (paint && element.attribs.bgcolor)
      check(element, `[bgcolor=${element.attribs.bgcolor}]`, paint, backgroundOf(chain.slice(1)), REQUIRED.graphic);
  });
  return [...findings.values()];
};

/**
 * The texts and bars below their required contrast (4.5:1 text, 3:1 bars and decorative glyphs), in
 * light mode and in dark mode. Only failures are returned; an empty list is a pass.
 */
export const checkContrast = (html: string): ContrastFinding[] => {
  const $ = cheerio.load(html);
  const css = $('style')
    .map((_index, element) => $(element).text())
    .get()
    .join('\n');
  const dark = juice.inlineContent(html, darkModeCss(css), JUICE_OPTIONS);
  return [...findingsIn(html, 'light'), ...findingsIn(dark, 'dark')];
};
