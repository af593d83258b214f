// Small pieces of English shared by messages, hovers, reports and the client.

/** `1 day`, `3 days`, `-1 day`: the count and the noun, plural unless the count is one (either sign). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${Math.abs(count) === 1 ? '' : 's'}`;
}
