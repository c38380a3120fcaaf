/**
 * @module test/protocol/support/binary-body
 * Builds and splits bodies of the binary tensor data extension in tests, independently of
 * the production codec: JSON header bytes, then each tensor's raw bytes.
 */

/** BYTES elements as the Python clients' `serialize_byte_tensor` writes them. */
export function serializeByteTensor(elements: readonly (string | Uint8Array)[]): Buffer {
  return Buffer.concat(
    elements.map((element) => {
      const bytes = typeof element === 'string' ? Buffer.from(element, 'utf8') : Buffer.from(element);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.byteLength);
      return Buffer.concat([length, bytes]);
    }),
  );
}

/** FP32 values little-endian, as numpy's `tobytes()` writes them on x86/ARM. */
export function float32Bytes(values: readonly number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes;
}

/** JSON header text followed by raw parts; returns the body and the header's byte length. */
export function binaryBody(header: string, ...parts: Uint8Array[]): { body: Buffer; headerLength: number } {
  const json = Buffer.from(header, 'utf8');
  return { body: Buffer.concat([json, ...parts]), headerLength: json.byteLength };
}

export interface SplitResponse {
  readonly header: { outputs: Array<{ name: string; parameters?: Record<string, unknown>; data?: unknown[] }> } & Record<string, unknown>;
  /** Raw bytes per binary output name, cut by `binary_data_size` in output order. */
  readonly binary: ReadonlyMap<string, Buffer>;
}

/** Splits a binary response the way the Triton/KServe clients do. */
export function splitBinaryResponse(body: Buffer, headerLength: number): SplitResponse {
  const header = JSON.parse(body.subarray(0, headerLength).toString('utf8')) as SplitResponse['header'];
  const binary = new Map<string, Buffer>();
  let offset = headerLength;
  for (const output of header.outputs) {
    const size = output.parameters?.binary_data_size;
    if (typeof size !== 'number') continue;
    binary.set(output.name, body.subarray(offset, offset + size));
    offset += size;
  }
  return { header, binary };
}

/** Reads `serialize_byte_tensor` bytes back into UTF-8 strings. */
export function deserializeByteTensor(bytes: Buffer): string[] {
  const elements: string[] = [];
  for (let offset = 0; offset < bytes.byteLength;) {
    const length = bytes.readUInt32LE(offset);
    elements.push(bytes.subarray(offset + 4, offset + 4 + length).toString('utf8'));
    offset += 4 + length;
  }
  return elements;
}
