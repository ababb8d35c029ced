// Which HTML and CSS features of an email the target clients do not support, from caniemail.com's
// data (the `caniemail` package). A feature listed in accepted-features.ts carries its reason; any
// other is a real failure.
import { caniemail, rawData } from 'caniemail';
import { ACCEPTED_FEATURES } from './accepted-features.ts';

export interface SupportFinding {
  /** caniemail's slug, e.g. "css-border-radius". */
  feature: string;
  title: string;
  /** The target clients that lack it, e.g. ["outlook.windows"]. */
  clients: string[];
  /** The written reason when the feature is accepted; null for a real failure. */
  accepted: string | null;
}

/** Gmail (web, apps, mobile web), Outlook for Windows and on the web, Apple Mail, Yahoo. */
export const TARGET_CLIENTS = ['gmail.*', 'outlook.windows', 'outlook.outlook-com', 'apple-mail.*', 'yahoo.*'] as const;

const slugByTitle = new Map(rawData.data.map((feature) => [feature.title, feature.slug]));

/** Every unsupported feature once, with the clients that lack it, sorted by slug. */
export const checkEmailSupport = (html: string): SupportFinding[] => {
  const { issues } = caniemail({ clients: [...TARGET_CLIENTS], html });
  const byTitle = new Map<string, Set<string>>();
  for (const [client, clientIssues] of issues.errors) {
    for (const issue of clientIssues) byTitle.set(issue.title, (byTitle.get(issue.title) ?? new Set()).add(client));
  }
  return [...byTitle]
    .map(([title, clients]): SupportFinding => {
      const feature = slugByTitle.get(title) ?? title;
      return { feature, title, clients: [...clients].sort(), accepted: ACCEPTED_FEATURES[feature] ?? null };
    })
    .sort((a, b) => a.feature.localeCompare(b.feature));
};
