/**
 * @module config/startup-file-reader
 * Wraps the file reader the server is built with, so a settings file that cannot be read
 * (the access policy, the API keys, the price table) is a configuration problem naming its
 * variable, path and cause, not an uncaught file-system error with a stack.
 */
import { ConfigError } from '../errors.js';
import type { Config } from './config-schema.js';
import { CONFIG_SECTIONS_BY_NAME } from './config-schema.js';

const CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/** The variables (env names) whose configured value is `path`. */
function variablesNaming(config: Config, path: string): string[] {
  const valuesBySection: Readonly<Record<string, Readonly<Record<string, unknown>>>> = config;
  const names: string[] = [];
  for (const [sectionName, section] of Object.entries(CONFIG_SECTIONS_BY_NAME)) {
    for (const [key, field] of Object.entries(section)) {
      if (valuesBySection[sectionName]?.[key] === path && field.env !== undefined) names.push(field.env);
    }
  }
  return names;
}

/**
 * @example const readStartupFile = createStartupFileReader({ config, readFile: (path) => readFile(path, 'utf8') });
 */
export function createStartupFileReader({
  config,
  readFile,
}: {
  readonly config: Config;
  readonly readFile: (path: string) => Promise<string>;
}): (path: string) => Promise<string> {
  return async function readStartupFile(path) {
    try {
      return await readFile(path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string') throw error;
      const [variable] = variablesNaming(config, path);
      const subject = variable === undefined ? `file ${JSON.stringify(path)}` : `${variable}=${JSON.stringify(path)}`;
      throw new ConfigError([`${subject} cannot be read: ${CAUSES[code] ?? code}; expected a readable file`]);
    }
  };
}
