/**
 * Email addresses out of text bound for places that must not hold them (an error message that Lambda
 * puts in the failed-runs queue, an operator alert): SES's own refusals name the address ("...failed
 * the check in region US-EAST-1: gerente@cliente.com"), and such reasons travel up unchanged.
 */
const ADDRESS = /[^\s<>()[\]",;:@]+@[^\s<>()[\]",;:@]+\.[^\s<>()[\]",;:@]+/g;

export const REDACTED_ADDRESS = '<address>';

export const redactAddresses = (text: string): string => text.replace(ADDRESS, REDACTED_ADDRESS);
