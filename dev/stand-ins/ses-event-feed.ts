import { relayObserved, startLocalHttpServer } from './local-http-server.ts';
import { bounceEvent, deliveryEvent, sendEvent, type SentMessage } from './ses-events.ts';

/**
 * What the SES emulator cannot do: publish events. A pass-through in front of it records every
 * SendRawEmail (destinations, tags, configuration set) and the message id SES answered; `feed()` then
 * gives the delivery-events consumer, through its real handler, the events real SES would publish:
 * Send and Delivery for every message, and a permanent Bounce for each `bounce@…` recipient.
 */
export interface SesEventFeed {
  url: string;
  sent: SentMessage[];
  /** Feeds the events of the messages sent since the last feed; resolves with what the consumer answered. */
  feed(): Promise<unknown[]>;
  close(): Promise<void>;
}

export const isBounceAddress = (address: string): boolean => address.trim().toLowerCase().startsWith('bounce@');

const sentMessageOf = (body: string, response: string): SentMessage | undefined => {
  const form = new URLSearchParams(body);
  const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(response)?.[1];
  const configurationSet = form.get('ConfigurationSetName');
  if (form.get('Action') !== 'SendRawEmail' || !messageId || !configurationSet) return undefined;
  const list = (prefix: string) =>
    [...form.keys()].filter((name) => name.startsWith(prefix)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    messageId,
    source: form.get('Source') ?? '',
    destinations: list('Destinations.member.').map((name) => form.get(name) ?? ''),
    tags: list('Tags.member.')
      .filter((name) => name.endsWith('.Name'))
      .map((name) => ({ name: form.get(name) ?? '', value: form.get(name.replace(/\.Name$/, '.Value')) ?? '' })),
    configurationSet,
    at: new Date(),
  };
};

export const startSesEventFeed = async (target: string, consume: (event: unknown) => Promise<unknown>): Promise<SesEventFeed> => {
  const upstream = new URL(target);
  let fed = 0;
  const state: SesEventFeed = {
    url: '',
    sent: [],
    feed: async () => {
      const results: unknown[] = [];
      for (const message of state.sent.slice(fed)) {
        fed += 1;
        const bounced = message.destinations.filter(isBounceAddress);
        const delivered = message.destinations.filter((address) => !isBounceAddress(address));
        const events = [
          sendEvent(message),
          ...(delivered.length ? [deliveryEvent(message, delivered)] : []),
          ...bounced.map((address) => bounceEvent(message, address)),
        ];
        for (const event of events) results.push(await consume(event));
      }
      return results;
    },
    close: async () => undefined,
  };

  const server = await startLocalHttpServer((incoming, body, response) =>
    relayObserved(
      upstream,
      incoming,
      body,
      response,
      (answerBody) => {
        const message = sentMessageOf(body.toString('utf8'), answerBody.toString('utf8'));
        if (message) state.sent.push(message);
      },
      () => {
        response.writeHead(502);
        response.end();
      },
    ),
  );
  state.url = server.url;
  state.close = server.close;
  return state;
};
