/**
 * The preview's one door into functions/report/: everything the preview renders goes through the
 * production entry points below, so a preview shows the bytes the Lambda would send.
 *
 * Loaded only in the renderer process (renderer-process.ts), where the generated templates module
 * is the preview's fresh build; the server imports types from here, never values.
 */
import { renderGroupSummaryEmail } from '../../functions/report/group-summary.ts';
import { renderOperatorReport } from '../../functions/report/operator-report.ts';
import { HTML_BUDGET_BYTES, renderCompanyEmail } from '../../functions/report/company/render-company-email.ts';

// Read off the entry points' signatures, so the preview follows wherever report/ keeps these types.
export type CompanyEmailInput = Parameters<typeof renderCompanyEmail>[0];
export type GroupSummaryInput = Parameters<typeof renderGroupSummaryEmail>[0];
export type GroupSettings = CompanyEmailInput['group'];
export type OperatorReportInput = Parameters<typeof renderOperatorReport>[0];
export type RenderedEmail = ReturnType<typeof renderCompanyEmail>;

/** What to render, as plain data (it crosses a process boundary). A new email: a kind here, a case below, its scenarios in scenarios.ts. */
export type RenderRequest =
  | { kind: 'company'; input: CompanyEmailInput }
  | { kind: 'group-summary'; input: GroupSummaryInput }
  | { kind: 'operator'; input: OperatorReportInput };

export const renderEmail = (request: RenderRequest): RenderedEmail => {
  switch (request.kind) {
    case 'company':
      return renderCompanyEmail(request.input);
    case 'group-summary':
      return renderGroupSummaryEmail(request.input);
    case 'operator':
      return renderOperatorReport(request.input);
  }
};

/** The render's own HTML budget (below Gmail's clip), for the size meter. */
export const htmlBudgetBytes = (): number => HTML_BUDGET_BYTES;
