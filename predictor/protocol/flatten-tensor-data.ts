/**
 * @module protocol/flatten-tensor-data
 * OIP tensor data may be flat or nested ("Tensor elements may be presented in their natural
 * multi-dimensional representation, or as a flattened one-dimensional representation",
 * inference_rest.md); both mean the same row-major element order.
 */

/** Flattens nested arrays row-major; iterative, so deep nesting cannot overflow the stack. */
export function flattenTensorData(data: readonly unknown[]): readonly unknown[] {
  if (!data.some(Array.isArray)) return data;
  const flat: unknown[] = [];
  const stack: Array<{ readonly items: readonly unknown[]; index: number }> = [{ items: data, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.index === top.items.length) {
      stack.pop();
      continue;
    }
    const item = top.items[top.index];
    top.index += 1;
    if (Array.isArray(item)) stack.push({ items: item, index: 0 });
    else flat.push(item);
  }
  return flat;
}
