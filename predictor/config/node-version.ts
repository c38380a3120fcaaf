/**
 * @module config/node-version
 * The Node.js major this server supports (package.json `engines`: 24.x) and the one line a
 * start on any other version prints instead of failing somewhere later.
 */

export const SUPPORTED_NODE_MAJOR = 24;

/**
 * Undefined on a supported Node; otherwise the line to print.
 * @example unsupportedNodeMessage('v20.19.2') // 'unsupported Node.js v20.19.2: ...'
 */
export function unsupportedNodeMessage(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major === SUPPORTED_NODE_MAJOR) return undefined;
  return `unsupported Node.js ${version}: this server needs Node.js ${SUPPORTED_NODE_MAJOR}.x (npm start uses the project's pinned node; the container image has it)`;
}
