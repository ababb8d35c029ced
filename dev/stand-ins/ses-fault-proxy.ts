import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardRequest, startLocalHttpServer } from './local-http-server.ts';

/**
 * A pass-through in front of aws-ses-v2-local that can misbehave on purpose, for fault-injection
 * tests: throttle, reject a recipient like SES does for an unverified address, or swallow requests
 * (a Lambda that dies mid-send).
 */
export type SesFault =
  | { kind: 'pass' }
  /** Answer SES `Throttling` (HTTP 400) to the next `times` sends, then pass. */
  | { kind: 'throttle'; times: number }
  /** Reject sends whose destinations include this address, like an unverified address in the sandbox. */
  | { kind: 'reject-recipient'; address: string }
  /**
   * Let `after` sends through, then fail every send: with a 400 RequestExpired (SES answered that it did
   * not take the message: the mailer releases the claim) by default, or with a 500 InternalFailure
   * (SES may have taken it: the mailer calls the email uncertain).
   */
  | { kind: 'fail-after'; after: number; status?: 400 | 500 }
  /** Let `after` sends through, then never answer (the caller hangs until it is killed). */
  | { kind: 'black-hole-after'; after: number }
  /** Pass every send, `ms` later: SES's own latency, for the load bench. */
  | { kind: 'delay'; ms: number };

export interface SesFaultProxy {
  url: string;
  fault: SesFault;
  /** Sends that reached the emulator through the proxy. */
  forwarded: number;
  /**
   * The raw MIME of every send the emulator accepted, by its SES message id, exactly as the SES API
   * received it (the emulator itself keeps only a parsed copy).
   */
  received: Map<string, Buffer>;
  /** TCP connections clients opened to the proxy (keep-alive reuse shows as few). */
  connections: number;
  /** Date.now() of the first and the last send that arrived. */
  firstSendAt?: number;
  lastSendAt?: number;
  /** Sends answered with the injected MessageRejected (a recorded rejection is never tried again). */
  rejected: number;
  close(): Promise<void>;
}

const sesError = (response: ServerResponse, status: number, code: string, message: string) => {
  response.writeHead(status, { 'content-type': 'text/xml' });
  response.end(
    `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`,
  );
};

export const startSesFaultProxy = async (target: string): Promise<SesFaultProxy> => {
  const upstream = new URL(target);
  const state: SesFaultProxy = {
    url: '',
    fault: { kind: 'pass' },
    forwarded: 0,
    received: new Map(),
    connections: 0,
    rejected: 0,
    close: async () => undefined,
  };

  const forward = (incoming: IncomingMessage, body: Buffer, response: ServerResponse) =>
    forwardRequest(
      upstream,
      incoming,
      body,
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const messageId = /<MessageId>([^<]+)<\/MessageId>/.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
          const data = new URLSearchParams(body.toString('utf8')).get('RawMessage.Data');
          if (messageId && data) state.received.set(messageId, Buffer.from(data, 'base64'));
        });
        answer.pipe(response);
      },
      () => sesError(response, 502, 'InternalFailure', 'upstream unavailable'),
    );

  const server = await startLocalHttpServer(
    (incoming, body, response) => {
      const isSend = body.includes('Action=SendRawEmail');
      const fault = state.fault;
      if (isSend) {
        state.firstSendAt ??= Date.now();
        state.lastSendAt = Date.now();
      }
      if (isSend && fault.kind === 'delay') {
        state.forwarded += 1;
        setTimeout(() => forward(incoming, body, response), fault.ms);
        return;
      }
      if (!isSend || fault.kind === 'pass') {
        if (isSend) state.forwarded += 1;
        forward(incoming, body, response);
        return;
      }
      if (fault.kind === 'throttle' && fault.times > 0) {
        fault.times -= 1;
        sesError(response, 400, 'Throttling', 'Maximum sending rate exceeded.');
        return;
      }
      if (fault.kind === 'reject-recipient' && decodeURIComponent(body.toString()).includes(fault.address)) {
        state.rejected += 1;
        sesError(
          response,
          400,
          'MessageRejected',
          `Email address is not verified. The following identities failed the check: ${fault.address}`,
        );
        return;
      }
      if (fault.kind === 'fail-after' && state.forwarded >= fault.after) {
        if (fault.status === 500) sesError(response, 500, 'InternalFailure', 'injected failure');
        else sesError(response, 400, 'RequestExpired', 'injected refusal');
        return;
      }
      if (fault.kind === 'black-hole-after' && state.forwarded >= fault.after) return;
      state.forwarded += 1;
      forward(incoming, body, response);
    },
    () => {
      state.connections += 1;
    },
  );
  state.url = server.url;
  state.close = server.close;
  return state;
};
