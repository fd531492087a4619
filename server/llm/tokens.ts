/**
 * Rough token count for when a server reports no usage: about four characters per token for
 * English text with BPE tokenizers. Results using it are marked `estimated`.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
