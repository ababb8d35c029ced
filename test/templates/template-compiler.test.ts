import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { HANDLEBARS_OPTIONS, leanSpec } from '../../templates/build/template-compiler.ts';

// A spec string as the build writes it, turned back into a template the way the Lambda's runtime does.
const templateOf = (spec: string) =>
  Handlebars.template(new Function(`return ${spec}`)() as Parameters<typeof Handlebars.template>[0]) as (view: unknown) => string;

const SOURCE = '<p>{{company.name}}</p>{{#if rows}}{{#each rows}}<td>{{label}}: {{value}}</td>{{/each}}{{else}}—{{/if}}';

describe('leanSpec', () => {
  it('drops source positions and the old-runtime lookup fallback, and renders exactly the same', () => {
    // prepare
    const full = String(Handlebars.precompile(SOURCE, { ...HANDLEBARS_OPTIONS, noEscape: false }));
    const view = { company: { name: 'Aquatec & <Hijos>' }, rows: [{ label: 'Ventas', value: 38 }] };

    // act
    const lean = leanSpec(full);

    // assert
    expect(full).toContain('"start":{"line"');
    expect(full).toContain('container.lookupProperty ||');
    expect(lean).not.toContain('"start":{"line"');
    expect(lean).not.toContain('container.lookupProperty ||');
    expect(lean.length).toBeLessThan(full.length * 0.8);
    expect(templateOf(lean)(view)).toBe(templateOf(full)(view));
    expect(templateOf(lean)({ company: { name: 'x' }, rows: [] })).toBe('<p>x</p>—');
  });

  it('still throws on a field the view lacks, naming it (strict mode)', () => {
    // prepare
    const lean = leanSpec(String(Handlebars.precompile(SOURCE, { ...HANDLEBARS_OPTIONS, noEscape: false })));

    // act
    const render = () => templateOf(lean)({ company: {}, rows: [] });

    // assert
    expect(render).toThrow(/"name" not defined/);
  });
});
