// What the core-only replays (profileEdits, profileChains) share: each rule's
// time summed per edit, and an optional CPU profile of the edits alone.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { RULES } from '../server/src/core/rules';
import type { Rule } from '../server/src/core/rules/rule';

/** Wraps every rule's check to add its time (by `clock`, in ms) to the map returned, by rule id; clear it per edit. */
export function timeRules(clock: () => number = () => performance.now()): Map<string, number> {
  const ruleMs = new Map<string, number>();
  for (const rule of RULES as Rule[]) {
    const check = rule.check.bind(rule);
    rule.check = (context) => {
      const started = clock();
      try {
        check(context);
      } finally {
        ruleMs.set(rule.id, (ruleMs.get(rule.id) ?? 0) + clock() - started);
      }
    };
  }
  return ruleMs;
}

/** Starts a CPU profile when `file` is given; the function returned stops it and writes it there. */
export async function startCpuProfile(file: string | undefined): Promise<() => Promise<void>> {
  if (!file) return async () => undefined;
  const session = new Session();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
