// Small pieces of English shared by messages, hovers, reports and the client.

/** `1 day`, `3 days`, `-1 day`: the count and the noun, plural unless the count is one (either sign). */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${Math.abs(count) === 1 ? '' : 's'}`;
}

/**
 * A whole number with a comma between each group of three digits (`1,506`), as
 * toLocaleString('en') writes it, without Intl: the first toLocaleString in a
 * process loads the locale data, some 20-30 ms, which the first hover of a
 * session (saying how many files are still to read) waited for.
 */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let grouped = digits.slice(0, digits.length % 3 || 3);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += `,${digits.slice(i, i + 3)}`;
  return n < 0 && grouped !== '0' ? `-${grouped}` : grouped;
}
