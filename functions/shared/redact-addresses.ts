/**
 * Email addresses out of text bound for places that must not hold them (an error message that Lambda
 * puts in the failed-runs queue, an operator alert): SES's own refusals name the address ("...failed
 * the check in region US-EAST-1: gerente@cliente.com"), and such reasons travel up unchanged.
 */
// Bounded like an address (RFC 5321: a local part of at most 64 characters, a domain of at most 255): an
// unbounded `+` made a long reason without spaces quadratic (9 s for one cut reason in the tests).
const ADDRESS = /[^\s<>()[\]",;:@]{1,64}@[^\s<>()[\]",;:@]{1,255}\.[^\s<>()[\]",;:@]{1,63}/g;

export const REDACTED_ADDRESS = '<address>';

export const redactAddresses = (text: string): string => text.replace(ADDRESS, REDACTED_ADDRESS);
