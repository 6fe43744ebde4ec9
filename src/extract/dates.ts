/**
 * Dates as IMR letters print them, to ISO 8601: "08/14/2012", "9/6/13",
 * "10-13-16", "6-18-2013", "February 26, 2013", "Aug. 26, 2013", "2013-02-26",
 * "26 February 2013", "the 26th of February, 2013".
 * A two-digit year is 20YY unless that lies after the document's latest date;
 * then it is 19YY.
 */
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const MONTH_NAME = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";

/** Source of a regex matching one date in any of the supported forms. */
export const DATE_SOURCE = `(?:\\b\\d{1,2}[/-]\\d{1,2}[/-](?:\\d{4}|\\d{2})\\b|\\b${MONTH_NAME} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b|\\b\\d{4}-\\d{2}-\\d{2}\\b|\\b(?:the )?\\d{1,2}(?:st|nd|rd|th)?(?: (?:day )?(?:of )?|-)${MONTH_NAME}(?:,? |-)\\d{4}\\b)`;

export interface DateContext {
  /** The latest four-digit year printed in the document: decides two-digit years. */
  latestYear: number;
}

export function dateContext(text: string): DateContext {
  let latestYear = 0;
  for (const match of text.matchAll(/\b(19[5-9]\d|20[0-4]\d)\b/g)) latestYear = Math.max(latestYear, Number(match[1]));
  return { latestYear: latestYear || 2099 };
}

export function parseDate(text: string, context: DateContext): string | null {
  const value = text.trim();
  let year: number;
  let month: number;
  let day: number;
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(value))) {
    [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (match[3]!.length === 2) year = expandYear(year, context);
  } else if ((match = /^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(value))) {
    month = MONTHS.indexOf(match[1]!.slice(0, 3).toLowerCase()) + 1;
    day = Number(match[2]);
    year = Number(match[3]);
  } else if ((match = /^(?:the )?(\d{1,2})(?:st|nd|rd|th)?(?: (?:day )?(?:of )?|-)([A-Za-z]+)\.?(?:,? |-)(\d{4})$/i.exec(value))) {
    // "14 March 2011", "the 3rd day of May, 2014", "19-MAR-2012"
    month = MONTHS.indexOf(match[2]!.slice(0, 3).toLowerCase()) + 1;
    day = Number(match[1]);
    year = Number(match[3]);
  } else {
    return null;
  }
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function expandYear(twoDigits: number, context: DateContext): number {
  // the latest full year printed often lags the letter itself by a year or more
  const candidate = 2000 + twoDigits;
  return candidate > context.latestYear + 5 ? 1900 + twoDigits : candidate;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

const ANY_DATE = new RegExp(DATE_SOURCE, "gi");

/** Every date in `text`, with offsets relative to `base`. */
export function findDates(text: string, context: DateContext, base = 0): FoundDate[] {
  const found: FoundDate[] = [];
  for (const match of text.matchAll(ANY_DATE)) {
    const iso = parseDate(match[0], context);
    if (iso) found.push({ iso, start: base + match.index!, end: base + match.index! + match[0].length });
  }
  return found;
}
