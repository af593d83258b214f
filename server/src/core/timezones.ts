// Time zones for delivery times (DESIGN §7.4, §7.7): a `due_time` is an
// instant in the sender's zone; the receiver's delivery day is that instant's
// local date in the receiver's zone. The zone rules come from the runtime's
// `Intl` (its tzdata), so no table ships with the project.

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const TIME_OF_DAY = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** Whether the runtime knows this IANA zone name (`Europe/London`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight of an `HH:MM` (24-hour) time, or undefined when it is not one. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * One IANA zone. Its formatter is made once (making one costs far more than
 * using it), so keep the zone with whatever owns it (a calendar).
 */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat;

  /** @throws RangeError when the runtime does not know the zone (check with isTimeZone first) */
  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's local wall-clock time at an instant, as milliseconds of a UTC timeline (day number × a day + time of day). */
  private wallClock(instant: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(instant))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const date = new Date(0);
    date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
    date.setUTCHours(parts.hour, parts.minute, parts.second, 0);
    return date.getTime();
  }

  /** Minutes the zone is ahead of UTC at an instant (London in summer: 60; Vancouver in winter: -480). */
  offsetMinutes(instant: number): number {
    const whole = Math.floor(instant / 1000) * 1000;
    return Math.round((this.wallClock(whole) - whole) / MS_PER_MINUTE);
  }

  /**
   * The instant (ms since the epoch) of a local date and time in this zone.
   * A time the clocks skip (02:30 on the spring-forward night) is read with
   * the offset before the change, i.e. it lands an hour later on the wall
   * clock; a time that occurs twice takes its first occurrence.
   */
  instantOf(day: number, minutes: number): number {
    const local = day * MS_PER_DAY + minutes * MS_PER_MINUTE;
    const first = local - this.offsetMinutes(local) * MS_PER_MINUTE;
    const second = local - this.offsetMinutes(first) * MS_PER_MINUTE;
    if (second === first) return first;
    // Near a change the two guesses differ: the earlier one that reads back as the same wall time wins.
    const candidates = [Math.min(first, second), Math.max(first, second)];
    for (const candidate of candidates) {
      if (candidate + this.offsetMinutes(candidate) * MS_PER_MINUTE === local) return candidate;
    }
    return Math.max(first, second);
  }

  /** The local date (a day number) of an instant in this zone. */
  dayOf(instant: number): number {
    return Math.floor(this.wallClock(instant) / MS_PER_DAY);
  }

  /** The local time of day of an instant, as HH:MM. */
  timeOf(instant: number): string {
    const wall = this.wallClock(instant);
    const minutes = Math.floor((wall - Math.floor(wall / MS_PER_DAY) * MS_PER_DAY) / MS_PER_MINUTE);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  }
}
