import { createHash } from 'node:crypto';
import { companyReportHtml, companyReportText, groupSummaryHtml, groupSummaryText, locales } from './generated/templates.ts';

/**
 * Identifies the template build that rendered an email (written into its archive manifest): a hash of
 * the precompiled templates and the locale strings, so two emails with the same version came from the
 * same templates whatever the deployment. Computed once per cold start (about 200 KB of source).
 */
export const TEMPLATE_VERSION: string = (() => {
  const hash = createHash('sha256').update(JSON.stringify(locales));
  for (const spec of [companyReportHtml, companyReportText, groupSummaryHtml, groupSummaryText]) {
    for (const [name, part] of Object.entries(spec)) hash.update(`${name}:${String(part)}`);
  }
  return hash.digest('hex').slice(0, 16);
})();
