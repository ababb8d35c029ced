/**
 * An archived message readdressed to testers (`fromArchive` with `redirectTo`). The archived bytes are
 * the customer's email: its To and Cc lines are theirs, and so is its one-click unsubscribe link, which
 * a tester's click would use to unsubscribe the customer. The copy keeps every other byte, but says who
 * it was for, goes To the testers, has no List-Unsubscribe headers, and its footer link's token is
 * voided (same length, so quoted-printable lines keep their shape; the endpoint refuses it as invalid).
 */

const HEADER_END = '\r\n\r\n';
const DROPPED = new Set(['to', 'cc', 'list-unsubscribe', 'list-unsubscribe-post']);

/** Header fields as written (folded continuation lines kept with their field). */
const headerFields = (head: string): string[] =>
  head.split('\r\n').reduce<string[]>((fields, line) => {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
    return fields;
  }, []);

const fieldName = (field: string): string => field.slice(0, field.indexOf(':')).trim().toLowerCase();

/** The token of the one-click URL in List-Unsubscribe (`...?t=<token>`), if the message has one. */
const unsubscribeToken = (fields: string[]): string | undefined => {
  const header = fields.find((field) => fieldName(field) === 'list-unsubscribe');
  return header ? /[?&]t=([A-Za-z0-9._~-]{16,})/.exec(header.replace(/\r\n[ \t]/g, ''))?.[1] : undefined;
};

/** Every place `token` appears in the body, also across quoted-printable soft line breaks (`=\r\n`). */
const voidToken = (body: string, token: string): string => {
  const pattern = new RegExp([...token].map((char) => char.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('(?:=\\r\\n)?'), 'g');
  return body.replace(pattern, (match) => match.replace(/=\r\n|./gs, (piece) => (piece === '=\r\n' ? piece : 'x')));
};

export const redirectArchivedMessage = (raw: Uint8Array, redirect: { to: string[]; redirectedFrom: string[] }): Uint8Array => {
  // latin1 maps each byte to one char and back: the bytes we do not touch come out unchanged.
  const text = Buffer.from(raw).toString('latin1');
  const end = text.indexOf(HEADER_END);
  if (end < 0) throw new Error('archived message has no header/body separator');
  const fields = headerFields(text.slice(0, end));
  const token = unsubscribeToken(fields);
  const kept = fields.filter((field) => !DROPPED.has(fieldName(field)));
  const head = [`To: ${redirect.to.join(', ')}`, `X-IOBot-Redirected-From: ${redirect.redirectedFrom.join(', ')}`, ...kept].join('\r\n');
  const body = text.slice(end + HEADER_END.length);
  return Buffer.from(`${head}${HEADER_END}${token ? voidToken(body, token) : body}`, 'latin1');
};
