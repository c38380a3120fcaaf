/**
 * @module config/config-field
 * How a setting is declared: where it comes from (env var, KServe-style flag), its JSON
 * schema (type, range, default) and what it means. Each concern declares its settings in
 * `sections/<concern>-config.ts`; the README table is generated from these declarations, and
 * the TypeScript type of each section is derived from them (`SectionValues`), so a setting's
 * type is written once, in its schema.
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

/** One object type instead of an intersection, so editors and type tests see plain properties. */
export type Simplify<T> = { [Key in keyof T]: T[Key] };

/**
 * The TypeScript type of a value that passed `Schema`, for the part of JSON schema the
 * sections use: `enum` gives the union of its members, `integer` and `number` give number,
 * arrays give readonly arrays of their `items`, objects give their `properties` (optional, as
 * ajv treats properties not listed in `required`, which no setting uses) or a record of their
 * `additionalProperties`. A schema outside that part gives `unknown`, so a new kind of setting
 * cannot pass for a type it was never checked against.
 */
export type SchemaValue<Schema> = Schema extends { readonly enum: readonly (infer Member)[] }
  ? Member
  : Schema extends { readonly type: 'integer' | 'number' }
    ? number
    : Schema extends { readonly type: 'boolean' }
      ? boolean
      : Schema extends { readonly type: 'string' }
        ? string
        : Schema extends { readonly type: 'array'; readonly items: infer Items }
          ? readonly SchemaValue<Items>[]
          : Schema extends { readonly type: 'object'; readonly properties: infer Properties }
            ? { readonly [Key in keyof Properties]?: SchemaValue<Properties[Key]> }
            : Schema extends { readonly type: 'object'; readonly additionalProperties: infer Values }
              ? Readonly<Record<string, SchemaValue<Values>>>
              : unknown;

/** Whether a setting's schema has a default: ajv's `useDefaults` fills it, so it is always present. */
type HasDefault<Field extends ConfigField> = Field['schema'] extends { readonly default: unknown } ? true : false;

/**
 * The values of a section once ajv has validated them and applied the defaults: a setting
 * with a default is always present, one without may be absent. The keys are mapped from the
 * section's own (so a TSDoc comment on a setting shows on its config property too).
 */
export type SectionValues<Section extends ConfigSection> = Simplify<
  { readonly [Key in keyof Section as HasDefault<Section[Key]> extends true ? Key : never]: SchemaValue<Section[Key]['schema']> } & {
    readonly [Key in keyof Section as HasDefault<Section[Key]> extends true ? never : Key]?: SchemaValue<Section[Key]['schema']>;
  }
>;

/** Settings whose default is not a value of their own schema's type (`never` when every default fits). */
export type MismatchedDefaults<Section extends ConfigSection> = {
  [Key in keyof Section]: Section[Key]['schema'] extends { readonly default: infer Default }
    ? Default extends SchemaValue<Section[Key]['schema']>
      ? never
      : Key
    : never;
}[keyof Section];
