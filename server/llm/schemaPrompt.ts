/**
 * The instruction added to the system prompt when a backend cannot enforce a JSON schema
 * (local models; servers without structured output), so the model still sees the shape.
 */
export function schemaInstruction(schema: Record<string, unknown>): string {
  return `Reply with only a JSON object (no prose, no code fences) that matches this JSON schema: ${JSON.stringify(schema)}`;
}

/** The system prompt with the schema instruction appended. */
export function withSchemaInstruction(system: string | undefined, schema: Record<string, unknown> | undefined): string | undefined {
  if (!schema) return system;
  const instruction = schemaInstruction(schema);
  return system ? `${system}\n\n${instruction}` : instruction;
}

/** Parses text as JSON when it is exactly a JSON value (no repair); undefined otherwise. */
export function strictJson(text: string): unknown {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}
