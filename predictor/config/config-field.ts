/**
 * @module config/config-field
 * How a setting is declared: where it comes from (env var, KServe-style flag), its JSON
 * schema (type, range, default) and what it means. Each concern declares its settings in
 * `sections/<concern>-config.ts`; the README table is generated from these declarations.
 */

/** JSON schema of a single setting, as ajv validates it. */
export type FieldSchema = Readonly<Record<string, unknown>>;

export interface ConfigField {
  /** Environment variable name. */
  readonly env?: string;
  /** Command-line flags without dashes (`http_port` accepts `--http_port 9000` and `--http_port=9000`). */
  readonly flags?: readonly string[];
  readonly schema: FieldSchema;
  readonly description: string;
  /** Never printed, logged or echoed. */
  readonly isSecret?: boolean;
}

export type ConfigSection = Readonly<Record<string, ConfigField>>;
