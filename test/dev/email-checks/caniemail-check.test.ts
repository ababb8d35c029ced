import { describe, expect, it } from 'vitest';
import { ACCEPTED_FEATURES } from '../../../dev/email-checks/accepted-features.ts';
import { checkEmailSupport } from '../../../dev/email-checks/caniemail-check.ts';

const page = (body: string) => `<!doctype html><html><head></head><body>${body}</body></html>`;

describe('checkEmailSupport', () => {
  it('finds nothing in plain inline-styled text', () => {
    expect(checkEmailSupport('<p style="color:#1f2933;">Hola</p>')).toEqual([]);
  });

  it('reports a feature a target client lacks, once, with the clients that lack it', () => {
    const findings = checkEmailSupport(page('<div style="display:grid;">a</div>'));

    const grid = findings.find((finding) => finding.feature === 'css-display-grid');
    expect(grid).toMatchObject({ title: 'display:grid', accepted: null });
    expect(grid!.clients).toContain('outlook.windows');
    expect(new Set(grid!.clients).size).toBe(grid!.clients.length);
  });

  it('marks a listed feature as accepted with its written reason', () => {
    const findings = checkEmailSupport(page('<div style="border-radius:4px;">a</div>'));

    expect(findings.find((finding) => finding.feature === 'css-border-radius')).toMatchObject({
      accepted: ACCEPTED_FEATURES['css-border-radius'],
      clients: ['outlook.windows'],
    });
  });

  it('only asks about the target clients (Gmail, Outlook Windows and web, Apple Mail, Yahoo)', () => {
    const clients = checkEmailSupport(page('<div style="display:grid;">a</div>')).flatMap((finding) => finding.clients);

    expect(clients.every((client) => /^(gmail|outlook\.(windows|outlook-com)|apple-mail|yahoo)\b/.test(client))).toBe(true);
  });

  it('gives every accepted feature a reason', () => {
    for (const [feature, reason] of Object.entries(ACCEPTED_FEATURES)) {
      expect(reason.length, feature).toBeGreaterThan(20);
    }
  });
});
