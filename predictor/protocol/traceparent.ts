/**
 * @module protocol/traceparent
 * Validates an incoming W3C Trace Context `traceparent` header before it is passed on
 * (https://www.w3.org/TR/trace-context/#traceparent-header).
 */

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/;
const MAX_LENGTH = 512;

/** The header when it is a valid traceparent, else undefined. */
export function validTraceparent(header: string | undefined): string | undefined {
  if (header === undefined || header.length > MAX_LENGTH) return undefined;
  const match = TRACEPARENT.exec(header);
  if (!match) return undefined;
  const [, version, traceId, parentId, , suffix] = match;
  // Version ff is invalid; version 00 has no trailing fields; all-zero ids are invalid.
  if (version === 'ff' || (version === '00' && suffix !== undefined)) return undefined;
  if (/^0+$/.test(traceId!) || /^0+$/.test(parentId!)) return undefined;
  return header;
}
