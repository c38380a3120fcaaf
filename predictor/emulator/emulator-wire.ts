/**
 * @module emulator/emulator-wire
 * The slices of the Gemini REST wire format the emulator reads and writes (requests,
 * responses, usage, caches, batches, errors), and the one token rule every count follows.
 */

export interface WirePart {
  readonly text?: string;
  readonly thought?: boolean;
}

export interface WireContent {
  readonly role?: string;
  readonly parts?: readonly WirePart[];
}

export interface WireTool {
  readonly googleSearch?: Readonly<Record<string, unknown>>;
}

/** A generateContent request body. */
export interface WireGenerateRequest {
  readonly contents?: readonly WireContent[];
  readonly systemInstruction?: WireContent;
  readonly tools?: readonly WireTool[];
  readonly toolConfig?: unknown;
  readonly cachedContent?: string;
  readonly generationConfig?: {
    readonly responseMimeType?: string;
    readonly responseJsonSchema?: Readonly<Record<string, unknown>>;
    readonly responseSchema?: Readonly<Record<string, unknown>>;
    readonly maxOutputTokens?: number;
  };
}

export interface WireUsageMetadata {
  promptTokenCount: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount: number;
}

export interface WireGroundingMetadata {
  readonly webSearchQueries: readonly string[];
  readonly searchEntryPoint: { readonly renderedContent: string };
  readonly groundingChunks: readonly { readonly web: { readonly uri: string; readonly title: string } }[];
  readonly groundingSupports: readonly {
    readonly segment: { readonly startIndex: number; readonly endIndex: number; readonly text: string };
    readonly groundingChunkIndices: readonly number[];
    readonly confidenceScores: readonly number[];
  }[];
}

export interface WireCandidate {
  content?: { role: 'model'; parts: WirePart[] };
  finishReason?: string;
  index: number;
  groundingMetadata?: WireGroundingMetadata;
}

export interface WireGenerateResponse {
  candidates?: WireCandidate[];
  promptFeedback?: { blockReason: string };
  usageMetadata: WireUsageMetadata;
  modelVersion: string;
  responseId: string;
}

/**
 * THE token rule of the emulator: a text costs ceil(UTF-8 bytes / 4) tokens, and a count
 * over several text parts is the sum of the parts' costs.
 */
export function countTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

/** Text parts of some contents, in order (thought parts included: they were sent). */
export function textsOf(contents: readonly (WireContent | undefined)[]): string[] {
  return contents.flatMap((content) =>
    (content?.parts ?? []).map((part) => part.text).filter((text): text is string => typeof text === 'string'),
  );
}

/** Tokens of contents under the rule: the sum over their text parts. */
export function countContentTokens(contents: readonly (WireContent | undefined)[]): number {
  return textsOf(contents).reduce((sum, text) => sum + countTokens(text), 0);
}

/** Whether a tool list asks for Google Search grounding. */
export function hasGoogleSearch(tools: readonly WireTool[] | undefined): boolean {
  return (tools ?? []).some((tool) => tool.googleSearch !== undefined);
}
