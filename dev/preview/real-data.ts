import { createIobotClient } from '../../functions/iobot/iobot-client.ts';
import type { IobotCredentials } from '../../functions/iobot/credentials.ts';
import type { CompanyReport } from '../../functions/iobot/report-schema.ts';
import { monthPeriod, monthsBefore, type ReportPeriod } from '../../functions/shared/report-period.ts';
import type { ScenarioEntry } from './scenarios.ts';
import { companyRequest, PREVIEW_SETTINGS } from './scenarios.ts';
import type { RenderRequest } from './render.ts';

export interface RealDataOptions {
  baseUrl: string;
  credentials: IobotCredentials;
}

interface FetchedMonth {
  period: ReportPeriod;
  current: CompanyReport[];
  history: CompanyReport[][];
  invalid: string[];
}

/** IOBot credentials from the environment (IOBOT_API_KEY or IOBOT_TOKEN, and IOBOT_BASE_URL), if any. */
export const realDataFromEnv = (env: NodeJS.ProcessEnv): RealDataOptions | undefined => {
  const baseUrl = env.IOBOT_BASE_URL?.trim();
  const apiKey = env.IOBOT_API_KEY?.trim();
  const token = env.IOBOT_TOKEN?.trim();
  if (!baseUrl || !(apiKey || token)) return undefined;
  if (!/^https?:$/.test(URL.canParse(baseUrl) ? new URL(baseUrl).protocol : '')) {
    throw new Error(`IOBOT_BASE_URL must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  return { baseUrl, credentials: apiKey ? { apiKey } : { token: token! } };
};

/**
 * A real month of a real business, read with the production IOBot client: one request for the month
 * and one per history month, answers kept in memory only. Nothing is sent and nothing is written.
 */
export const createRealData = (options: RealDataOptions) => {
  const client = createIobotClient({ baseUrl: options.baseUrl, retries: 1 });
  const months = new Map<string, Promise<FetchedMonth>>();

  const fetchMonth = async (businessId: number, period: ReportPeriod) =>
    client.fetchMultiReport({ businessId, startDate: period.startDate, endDate: period.endDate, credentials: options.credentials });

  const load = (businessId: number, month: string): Promise<FetchedMonth> => {
    const key = `${businessId}/${month}`;
    let loaded = months.get(key);
    if (!loaded) {
      const period = monthPeriod(month, PREVIEW_SETTINGS.group.timeZone);
      const previous = monthsBefore(period, PREVIEW_SETTINGS.historyMonths);
      loaded = Promise.all([fetchMonth(businessId, period), ...previous.map((before) => fetchMonth(businessId, before))]).then(
        ([current, ...history]) => ({
          period,
          current: current!.companies,
          history: history.map((answer) => answer.companies),
          invalid: current!.invalid.map((entry) => `data[${entry.index}] ${entry.nombre ?? ''}: ${entry.error}`),
        }),
      );
      // A failed fetch is not cached: the next click tries again.
      loaded.catch(() => months.delete(key));
      months.set(key, loaded);
    }
    return loaded;
  };

  return {
    baseUrl: options.baseUrl,
    /** The business's companies that month, as side-bar entries, and the entries IOBot sent malformed. */
    list: async (businessId: number, month: string): Promise<{ scenarios: ScenarioEntry[]; invalid: string[] }> => {
      const fetched = await load(businessId, month);
      const section = `Real data: business ${businessId}, ${month}`;
      return {
        scenarios: [
          ...fetched.current.map((report) => ({ id: `real-${businessId}-${month}-${report.data.id}`, label: report.data.nombre, section })),
          { id: `real-${businessId}-${month}-summary`, label: 'Group summary', section },
        ],
        invalid: fetched.invalid,
      };
    },
    /** The request for a `real-…` scenario id, or undefined when the id is not one. */
    request: async (id: string): Promise<RenderRequest | undefined> => {
      const match = /^real-(\d+)-(\d{4}-\d{2})-(\d+|summary)$/.exec(id);
      if (!match) return undefined;
      const fetched = await load(Number(match[1]), match[2]!);
      if (match[3] === 'summary') {
        const companies = fetched.current.map((report) => {
          const previous = fetched.history[0]?.find((candidate) => candidate.data.id === report.data.id);
          return { report, ...(previous ? { previous } : {}) };
        });
        return {
          kind: 'group-summary',
          input: { groupName: `business ${match[1]}`, companies, period: fetched.period, group: PREVIEW_SETTINGS.group },
        };
      }
      const report = fetched.current.find((candidate) => candidate.data.id === Number(match[3]));
      if (!report) throw new RangeError(`company ${match[3]} is not in business ${match[1]}'s answer for ${match[2]}`);
      const history = fetched.history.map((month) => month.find((candidate) => candidate.data.id === report.data.id));
      return companyRequest(report, history, fetched.period);
    },
  };
};

export type RealData = ReturnType<typeof createRealData>;
