/**
 * The preview's one door into functions/report/: everything the preview renders goes through the
 * production entry points below, so a preview shows the bytes the Lambda would send.
 *
 * Loaded only in the renderer process (renderer-process.ts), where the generated templates module
 * is the preview's fresh build; the server imports types from here, never values.
 */
import { renderCompanyEmail, HTML_BUDGET_BYTES, type CompanyEmailInput, type RenderedEmail } from '../../functions/report/render-company-email.ts';
import { renderGroupSummaryEmail, type GroupSummaryInput } from '../../functions/report/group-summary.ts';
import type { GroupSettings } from '../../functions/report/company-context.ts';

export type { CompanyEmailInput, GroupSettings, GroupSummaryInput, RenderedEmail };

/**
 * What to render, as plain data (it crosses a process boundary).
 * Extension point: when the operator report exists, add `{ kind: 'operator'; input: … }` here, a case
 * in renderEmail, and its scenarios in scenarios.ts.
 */
export type RenderRequest = { kind: 'company'; input: CompanyEmailInput } | { kind: 'group-summary'; input: GroupSummaryInput };

export const renderEmail = (request: RenderRequest): RenderedEmail => {
  switch (request.kind) {
    case 'company':
      return renderCompanyEmail(request.input);
    case 'group-summary':
      return renderGroupSummaryEmail(request.input);
  }
};

/** The render's own HTML budget (below Gmail's clip), for the size meter. */
export const htmlBudgetBytes = (): number => HTML_BUDGET_BYTES;
