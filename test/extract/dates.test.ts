import { describe, expect, it } from "vitest";
import { findDates, parseDate } from "../../src/extract/dates.js";

const context = { latestYear: 2015 };

describe("parseDate", () => {
  it.each([
    ["08/14/2012", "2012-08-14"],
    ["9/6/2013", "2013-09-06"],
    ["10-13-16", "2016-10-13"],
    ["6-18-2013", "2013-06-18"],
    ["6/13/14", "2014-06-13"],
    ["3/5/98", "1998-03-05"],
    ["February 26, 2013", "2013-02-26"],
    ["Aug. 26, 2013", "2013-08-26"],
    ["Sept 3, 2014", "2014-09-03"],
    ["2013-02-26", "2013-02-26"],
    ["the 3rd of February, 2016", "2016-02-03"],
    ["The 28th of April 2016", "2016-04-28"],
    ["3 February 2016", "2016-02-03"],
    ["21st day of March, 2015", "2015-03-21"],
    ["19-MAR-2012", "2012-03-19"],
    ["the 31st of April, 2016", null],
    ["13/45/2013", null],
    ["2/30/2015", null],
  ])("%s → %s", (text, iso) => {
    expect(parseDate(text, context)).toBe(iso);
  });
});

describe("findDates", () => {
  it("finds every date in a sentence with its offsets", () => {
    const text = "On 11-3-16, utilization review modified the request of October 28, 2016.";
    const found = findDates(text, { latestYear: 2016 }, 100);
    expect(found.map((d) => d.iso)).toEqual(["2016-11-03", "2016-10-28"]);
    expect(text.slice(found[0]!.start - 100, found[0]!.end - 100)).toBe("11-3-16");
  });

  it("finds a date written with its day first", () => {
    const text = "The bone growth stimulator was denied by Utilization Review on the 3rd of February, 2016, and again on 28 April 2016.";
    expect(findDates(text, context).map((d) => d.iso)).toEqual(["2016-02-03", "2016-04-28"]);
  });
});
