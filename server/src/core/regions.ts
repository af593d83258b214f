// Public holidays of a country or region (DESIGN §7.4, §7.7): `region: CC` or
// `CC-SS` (ISO 3166), from the date-holidays library's offline data, public
// holidays only (its type `public`, substitute days included; observances,
// optional, bank and school days are not days off unless a calendar lists
// them in `holidays`). Pure computation: no I/O, nothing kept between calls
// except on the objects returned.
import type Holidays from 'date-holidays';
import { parseDate, type NamedHoliday } from './calendar';
import { closest } from './suggest';

/**
 * The holiday library, loaded when a calendar first names a region: its
 * rules for every country, and the time zones it unpacks, cost the language
 * server and each parse worker several MB and tens of milliseconds at start,
 * which a production without a `region` never needs.
 */
function holidaysLibrary(): typeof Holidays {
  const loaded = require('date-holidays') as typeof Holidays | { default: typeof Holidays };
  return 'default' in loaded ? loaded.default : loaded;
}

/**
 * Days the library lags the law: each is a public holiday of the region from
 * the year given, whatever type the library gives it. One entry per law, with
 * where the law is published.
 */
export const HOLIDAY_ADDITIONS: readonly { region: string; month: number; day: number; fromYear: number; name: string; source: string }[] = [
  {
    // date-holidays types it an observance in CA-BC. The Employment Standards
    // Amendment Act, 2023 (Bill 13) made it a statutory holiday in British
    // Columbia from 2023 on.
    region: 'CA-BC',
    month: 9,
    day: 30,
    fromYear: 2023,
    name: 'National Day for Truth and Reconciliation',
    source: 'https://www2.gov.bc.ca/gov/content/employment-business/employment-standards-advice/employment-standards/statutory-holidays',
  },
];

/** Region holidays are computed for these years only (the library's rules are not meant for the far past or future). */
export const REGION_FIRST_YEAR = 1900;
export const REGION_LAST_YEAR = 2199;

/** A region's public holidays, year by year, computed when first asked. */
export class RegionHolidays {
  private readonly years = new Map<number, NamedHoliday[]>();

  private constructor(
    /** The code as written upper-cased, e.g. GB-ENG. */
    readonly code: string,
    private readonly library: Holidays,
  ) {}

  /** The region's calendar, or undefined when the code names no country or region the library knows (see checkRegion). */
  static of(code: string): RegionHolidays | undefined {
    const { country, state } = splitRegion(code);
    if (checkRegion(code).known !== true) return undefined;
    const library = new (holidaysLibrary())(country, state ?? '', { languages: ['en'], types: ['public'] });
    return new RegionHolidays(state === undefined ? country : `${country}-${state}`, library);
  }

  /** The public holidays of a year, in date order. */
  holidaysIn(year: number): readonly NamedHoliday[] {
    let found = this.years.get(year);
    if (found) return found;
    found = [];
    if (year >= REGION_FIRST_YEAR && year <= REGION_LAST_YEAR) {
      const seen = new Set<number>();
      for (const holiday of this.library.getHolidays(year, 'en')) {
        if (holiday.type !== 'public') continue;
        const day = parseDate(holiday.date.slice(0, 10));
        if (day === undefined || seen.has(day)) continue;
        seen.add(day);
        found.push({ day, name: holiday.name });
      }
      for (const addition of HOLIDAY_ADDITIONS) {
        if (addition.region !== this.code || year < addition.fromYear) continue;
        const day = parseDate(`${String(year).padStart(4, '0')}-${String(addition.month).padStart(2, '0')}-${String(addition.day).padStart(2, '0')}`);
        if (day === undefined || seen.has(day)) continue;
        seen.add(day);
        found.push({ day, name: addition.name });
      }
      found.sort((a, b) => a.day - b.day);
    }
    this.years.set(year, found);
    return found;
  }
}

function splitRegion(code: string): { country: string; state?: string } {
  const [country, state] = code.trim().toUpperCase().split('-');
  return { country, state };
}

/**
 * Whether a region code names a country (and subdivision) the holiday data
 * knows; when it does not, the nearest code as a did-you-mean.
 */
export function checkRegion(code: string): { known: true } | { known: false; problem: string; suggestion?: string } {
  const { country, state } = splitRegion(code);
  const library = new (holidaysLibrary())();
  const countries = library.getCountries('en') ?? {};
  if (!(country in countries)) {
    // 'UK' is what people write for Great Britain's ISO code.
    const suggestion = country === 'UK' ? 'GB' : closest(country, Object.keys(countries));
    return { known: false, problem: `no country '${country}' has public holiday data`, suggestion: suggestion && (state ? `${suggestion}-${state}` : suggestion) };
  }
  if (state === undefined) return { known: true };
  const states = library.getStates(country, 'en') ?? {};
  if (state in states) return { known: true };
  const codes = Object.keys(states).map((s) => `${country}-${s}`);
  const suggestion = closest(`${country}-${state}`, codes);
  const problem = codes.length === 0 ? `${countries[country]} has no regions with holiday data (use '${country}')` : `${countries[country]} has no region '${state}'`;
  return { known: false, problem, suggestion: suggestion ?? (codes.length === 0 ? country : undefined) };
}
