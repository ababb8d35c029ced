import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecipientsCsv, readRecipientsCsv, RecipientsCsvError } from '../../infra/recipients-csv.ts';

/** The problems parseRecipientsCsv reports for `text`, or a failure if it accepts it. */
const problemsOf = (text: string): string[] => {
  try {
    parseRecipientsCsv(text, 'group.csv');
  } catch (error) {
    if (error instanceof RecipientsCsvError) return error.problems;
    throw error;
  }
  throw new Error('expected parseRecipientsCsv to throw');
};

describe('recipients CSV (infra/recipients-csv.ts)', () => {
  it('reads companies with several addresses per cell, optional columns in any order, blank rows ignored', () => {
    // prepare
    const text = '\uFEFFCompany ID,To,CC,Label\n1,"a@example.com; b@example.com",c@example.com,Central\n\n2,d@example.com,,\n';

    // act
    const companies = parseRecipientsCsv(text);

    // assert
    expect(companies).toEqual([
      { id: 1, label: 'Central', to: ['a@example.com', 'b@example.com'], cc: ['c@example.com'], bcc: [] },
      { id: 2, to: ['d@example.com'], cc: [], bcc: [] },
    ]);
  });

  it('lists every mistake with the row and column a spreadsheet shows, and the value', () => {
    // prepare
    const text = [
      'company_id,label,to,cc,bcc',
      '1,Central,gerencia@,,',
      'x,Norte,norte@example.com,,',
      '1,Sur,sur@example.com,ok@example.com c@,',
      '4,Este,,,',
      '5,Oeste,o@example.com,,,extra',
    ].join('\n');

    // act
    const problems = problemsOf(text);

    // assert
    expect(problems).toEqual([
      'group.csv row 2, column C (to), address 1: not a valid email address: "gerencia@"',
      'group.csv row 3, column A (company_id): not a company id (a positive whole number): "x"',
      'group.csv row 4, column A (company_id): duplicate company id 1 (first on row 2)',
      'group.csv row 4, column D (cc), address 2: not a valid email address: "c@"',
      'group.csv row 5, column C (to): needs at least one "to" address',
      'group.csv row 6: 6 cells, the header has 5 (an unquoted comma?)',
    ]);
  });

  it('reads optional monthly targets, blank meaning none, and names a cell that is not a number', () => {
    // act
    const companies = parseRecipientsCsv('company_id,to,target_sales_amount,target_sales\n1,a@example.com,100000,40\n2,b@example.com,,\n');
    const problems = problemsOf('company_id,to,target_sales_amount\n1,a@example.com,"L 100,000"\n');

    // assert
    expect(companies[0]).toMatchObject({ id: 1, targets: { salesAmount: 100_000, salesCount: 40 } });
    expect(companies[1]).not.toHaveProperty('targets');
    expect(problems).toEqual(['group.csv row 2, column C (target_sales_amount): not a plain positive number: "L 100,000"']);
  });

  it('names the line of a quoted cell that spans lines', () => {
    // act
    const problems = problemsOf('company_id,label,to\n1,"Two\nlines",bad\n');

    // assert
    expect(problems).toEqual(['group.csv row 2 (line 3), column C (to), address 1: not a valid email address: "bad"']);
  });

  it('rejects a header without the required columns or with unknown ones', () => {
    // act
    const problems = problemsOf('id,name,cc\n1,x,a@example.com\n');

    // assert
    expect(problems).toEqual([
      'group.csv row 1, column B: unknown column "name" (expected company_id, label, to, cc, bcc, target_sales_amount, target_sales)',
      'group.csv row 1: missing column "to"',
    ]);
  });

  it('reports a broken quote with its line instead of guessing', () => {
    // act
    const problems = problemsOf('company_id,to\n1,a@example.com\n2,"b@example.com\n');

    // assert
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^group\.csv line 3: Quote Not Closed/);
  });

  it('names the file it read in the error', () => {
    // prepare
    const dir = mkdtempSync(join(tmpdir(), 'recipients-'));
    const path = join(dir, 'branches.csv');
    writeFileSync(path, 'company_id,to\n7,nope\n');

    // act
    const act = () => readRecipientsCsv(path);

    // assert
    expect(act).toThrow(
      'Invalid recipients file branches.csv (1 problem):\nbranches.csv row 2, column B (to), address 1: not a valid email address: "nope"',
    );
  });
});
