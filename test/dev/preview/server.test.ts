import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIobotSimulator, type IobotSimulator } from '../../../dev/stand-ins/iobot-simulator.ts';
import { HOSTILE } from '../../../dev/preview/hostile-report.ts';
import { startPreviewServer, type PreviewServer } from '../../../dev/preview/server.ts';

const root = new URL('../../..', import.meta.url).pathname;

interface State {
  build: { ok: boolean; version: number; error?: { file: string; line: number | null; message: string } };
  scenarios: { id: string; label: string; section: string }[];
}
interface EmailJson {
  subject: string;
  preheader: string;
  text: string;
  attachments: { filename: string; bytes: number }[];
  size: { bytes: number; clipBytes: number; clipped: boolean };
  error?: string;
}

const getJson = async <T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as T };
};

const waitFor = async <T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('preview server', () => {
  let templates: string;
  let simulator: IobotSimulator;
  let server: PreviewServer;

  beforeAll(async () => {
    // prepare: a private copy of the templates (a test edits it) and the IOBot simulator as "real" API
    templates = mkdtempSync(join(tmpdir(), 'preview-templates-'));
    cpSync(join(root, 'templates'), templates, { recursive: true });
    simulator = await startIobotSimulator({ apiKey: 'real-data-key' });
    server = await startPreviewServer({
      templatesDir: templates,
      port: 0,
      realData: { baseUrl: simulator.url, credentials: { apiKey: 'real-data-key' } },
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await simulator?.close();
    rmSync(templates, { recursive: true, force: true });
  });

  it('renders every scenario of the side list, in every language built', async () => {
    // act
    const { body: state } = await getJson<State>(`${server.url}/api/state`);
    const emails = await Promise.all(
      state.scenarios.map(async (scenario) => ({
        scenario,
        ...(await getJson<EmailJson>(`${server.url}/api/email?id=${scenario.id}&month=2026-03`)),
      })),
    );

    // assert
    expect(state.build.ok).toBe(true);
    expect(state.scenarios.map((scenario) => scenario.id)).toEqual(
      expect.arrayContaining([
        'example',
        'company-1',
        'company-4',
        'group-summary',
        'group-summary-partial',
        'group-summary-large',
        'empty',
        'large',
        'hostile',
        'language-en',
        'language-es',
        'group-summary-en',
        'operator-run',
        'operator-watchdog',
        'operator-run-en',
        'operator-run-es',
      ]),
    );
    for (const { scenario, status, body } of emails) {
      expect(status, `${scenario.id}: ${body.error}`).toBe(200);
      expect(body.subject.length, scenario.id).toBeGreaterThan(10);
      expect(body.size.bytes, scenario.id).toBeGreaterThan(5_000);
      expect(body.size.clipped, scenario.id).toBe(false);
    }
    const subject = (id: string) => emails.find((email) => email.scenario.id === id)?.body.subject;
    const text = (id: string) => emails.find((email) => email.scenario.id === id)?.body.text ?? '';
    // "marzo 2026" or, with the reworded months, "marzo de 2026"
    expect(subject('company-2')).toMatch(/marzo (de )?2026/);
    expect(subject('language-en')).toMatch(/^Monthly report .* March 2026$/);
    expect(subject('example')).toMatch(/abril (de )?2026/);
    // The director's summary: the group's display name, the missing companies in Spanish, 500 companies under 90 KB.
    expect(subject('group-summary')).toBe('Resumen del grupo · Grupo Demo · marzo de 2026');
    expect(text('group-summary-partial')).toContain(
      '- Aquatec Guatemala: retenido: sus números no cuadran y el equipo técnico los está revisando',
    );
    // Plain words by status, never the operators' reason (an IOBot page that failed).
    expect(text('group-summary-partial')).toContain(
      '- Aquatec Nicaragua: no se pudo enviar su reporte; el equipo técnico lo está revisando',
    );
    expect(text('group-summary-partial')).not.toContain('IOBot no entregó la página 1');
    expect(emails.find((email) => email.scenario.id === 'group-summary-large')?.body.size.bytes).toBeLessThan(90_000);
    // The operator report: every outcome with its fix, a bounce, and the new unsubscribes.
    expect(subject('operator-run-en')).toBe('Report run · demo · March 2026: 7 to look at · 2 unsubscribed');
    for (const status of ['sent', 'failed', 'held', 'uncertain', 'deferred', 'skipped'])
      expect(text('operator-run-en')).toContain(`: ${status}`);
    expect(text('operator-run-en')).toContain('compras@ferreteria-nunez.example: bounced: Permanent/General');
    expect(text('operator-run-en')).toContain('{"group":"demo","month":"2026-03","companies":[3],"force":true}');
    expect(text('operator-run-en')).toContain('== New unsubscribes ==');
    expect(text('operator-run-en')).toContain('Remove them from infra/report.config.ts or the recipients CSV (infra/recipients/)');
    expect(text('operator-run')).toContain('== Bajas nuevas ==');
    expect(subject('operator-watchdog')).toMatch(/^Mes sin enviar · demo · marzo (de )?2026: \d+ sin enviar · bajas: 2$/);
  });

  it('shows hostile strings as text in the HTML', async () => {
    // act
    const html = await (await fetch(`${server.url}/email.html?id=hostile`)).text();

    // assert
    expect(html).not.toContain(HOSTILE.agent);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('javascript:alert');
    expect(html).toContain('&lt;script&gt;');
  });

  it('serves the CSV attachments of an email', async () => {
    // prepare
    const { body: email } = await getJson<EmailJson>(`${server.url}/api/email?id=example`);
    const first = email.attachments[0]!;

    // act
    const response = await fetch(`${server.url}/api/attachment?id=example&name=${encodeURIComponent(first.filename)}`);

    // assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    // bytes, not text(): the CSV starts with a BOM for Excel, which text() would drop
    expect((await response.arrayBuffer()).byteLength).toBe(first.bytes);
  });

  it('sends a test through the local SES emulator and names its viewer', async () => {
    // act
    const { status, body } = await getJson<{ messageId: string; viewerUrl: string }>(`${server.url}/api/send?id=company-2&month=2026-03`, {
      method: 'POST',
    });
    const store = await getJson<{ emails: { messageId: string; subject: string; destination: { to: string[] } }[] }>(
      `${body.viewerUrl}/store`,
    );

    // assert
    expect(status).toBe(200);
    const sent = store.body.emails.find((email) => email.messageId === body.messageId);
    expect(sent?.subject).toContain('Ferretería Núñez & Hijos');
    expect(sent?.destination.to).toEqual(['preview@example.com']);
  });

  it('previews real data read-only through the IOBot client', async () => {
    // act
    const { status, body } = await getJson<{ scenarios: { id: string; label: string }[] }>(
      `${server.url}/api/real?business=1&month=2026-02`,
    );
    const email = await getJson<EmailJson>(`${server.url}/api/email?id=real-1-2026-02-4`);
    const summary = await getJson<EmailJson>(`${server.url}/api/email?id=real-1-2026-02-summary`);

    // assert: one read for the month and one per history month, nothing else
    expect(status).toBe(200);
    expect(body.scenarios.map((scenario) => scenario.label)).toEqual([
      'Empresa Principal',
      'Ferretería Núñez & Hijos 🔧',
      'Distribuidora San Pedro Sula',
      'Aquatec Guatemala',
      'Group summary',
    ]);
    expect(email.body.subject).toMatch(/Aquatec Guatemala · febrero (de )?2026/);
    expect(summary.status).toBe(200);
    expect(simulator.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual(
      Array.from({ length: 6 }, () => 'POST /empresas/data-report/multi 200'),
    );
  });

  it('answers a clear 400 for a bad month and an error for an unknown scenario', async () => {
    // act
    const month = await getJson<{ error: string }>(`${server.url}/api/email?id=example&month=2026-13`);
    const unknown = await getJson<{ error: string }>(`${server.url}/api/email?id=nope`);

    // assert
    expect(month.status).toBe(400);
    expect(month.body.error).toContain('2026-13');
    expect(unknown.status).toBe(500);
    expect(unknown.body.error).toContain('unknown scenario "nope"');
  });

  it('reports a template error with its file and line, keeps serving the last good build, and recovers', async () => {
    // prepare
    const footer = join(templates, 'partials/footer.mjml');
    const original = readFileSync(footer, 'utf8');
    const before = (await getJson<State>(`${server.url}/api/state`)).body.build.version;

    // act: break a partial, then fix it with new text
    writeFileSync(footer, original.replace('<mj-column>', '<mj-column>\n    <mj-textt>broken</mj-textt>'));
    const broken = await waitFor(
      async () => (await getJson<State>(`${server.url}/api/state`)).body.build,
      (build) => build.version > before && !build.ok,
    );
    const stillServed = await getJson<EmailJson>(`${server.url}/api/email?id=empty`);
    writeFileSync(footer, original.replace('{{footer}}', 'Pie editado · {{footer}}'));
    const fixed = await waitFor(
      async () => (await getJson<State>(`${server.url}/api/state`)).body.build,
      (build) => build.version > broken.version && build.ok,
    );
    const html = await (await fetch(`${server.url}/email.html?id=empty`)).text();

    // assert
    expect(broken.ok).toBe(false);
    expect(broken.error).toMatchObject({ file: 'partials/footer.mjml', line: 3 });
    expect(broken.error?.message).toContain('mj-textt');
    expect(stillServed.status).toBe(200);
    expect(fixed.ok).toBe(true);
    expect(html).toContain('Pie editado · ');
  });

  it('reports a field the view lacks (strict Handlebars) as a render error naming it', async () => {
    // prepare
    const text = join(templates, 'company-report.txt.hbs');
    const original = readFileSync(text, 'utf8');
    const before = (await getJson<State>(`${server.url}/api/state`)).body.build.version;

    // act
    writeFileSync(text, `{{notAField}}\n${original}`);
    await waitFor(
      async () => (await getJson<State>(`${server.url}/api/state`)).body.build,
      (build) => build.version > before,
    );
    const failed = await getJson<EmailJson>(`${server.url}/api/email?id=empty`);
    writeFileSync(text, original);
    const recovered = await waitFor(
      () => getJson<EmailJson>(`${server.url}/api/email?id=empty`),
      (answer) => answer.status === 200,
    );

    // assert
    expect(failed.status).toBe(500);
    expect(failed.body.error).toContain('"notAField" not defined');
    expect(recovered.status).toBe(200);
  });
});
