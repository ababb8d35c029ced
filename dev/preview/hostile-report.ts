import type { CompanyReport } from '../../functions/iobot/report-schema.ts';

/**
 * The vendor's example with every name an attacker or a careless admin could type: markup, template
 * syntax, spreadsheet formulas, bidi overrides, zero-width joiners, line breaks, unbroken long words
 * and unsafe URLs. The email must show them as text, stay inside 375 px, and keep the CSV inert.
 */
export const HOSTILE = {
  company: '<script>alert("empresa")</script> {{subject}} Ñandú & "Hijos" \u202Egnp.exe\u202C 🔥',
  agent: '<img src=x onerror=alert(1)>',
  longWord: 'Supercalifragilísticoespialidoso'.repeat(5),
  formula: '=HYPERLINK("http://evil.example","clic")',
  template: '{{#each t}}{{/each}} {{{footer}}}',
  breaks: 'línea uno\r\nBcc: victima@example.com',
  adName: '</td></tr></table><h1>Anuncio</h1>',
  zeroWidth: 'Zero\u200bWidth\u200dJoiner\ufeff',
} as const;

export const hostileReport = (base: CompanyReport): CompanyReport => ({
  ...base,
  data: { ...base.data, nombre: HOSTILE.company, img_wa: 'javascript:alert(1)' },
  agentes: base.agentes.map((agent, index) => ({
    ...agent,
    agente: [HOSTILE.agent, HOSTILE.longWord, HOSTILE.formula, HOSTILE.breaks, HOSTILE.zeroWidth][index % 5] ?? agent.agente,
  })),
  tags: base.tags.map((tag, index) => ({ ...tag, name: [HOSTILE.template, HOSTILE.formula, HOSTILE.longWord][index % 3] ?? tag.name })),
  adsBreakdown: base.adsBreakdown?.map((ad, index) => ({
    ...ad,
    name: [HOSTILE.adName, HOSTILE.template, HOSTILE.company][index % 3] ?? ad.name,
    imageUrl: index % 2 === 0 ? 'http://insecure.example.com/ad.png' : 'javascript:alert(2)',
  })),
});
