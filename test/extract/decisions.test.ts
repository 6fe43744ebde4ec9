/** Items, outcomes and guidelines as the whole pipeline reads them from small documents. */
import { describe, expect, it } from "vitest";
import { processText } from "../../src/core/process.js";
import { isFailure, type DeterminationRecord } from "../../src/record/schema.js";

const source = { path: "t.txt", sha256: "0".repeat(64) };

/** The sentence introducing the items, when a test words it otherwise. */
let INTRO: string | undefined;

function decisionsOf(issues: string): DeterminationRecord["decisions"] {
  const intro = INTRO ?? (/^[^a-z]*$/.test(issues.split("\n")[0]!) ? "THE FINAL DETERMINATION WAS BASED ON DECISIONS FOR THE DISPUTED ITEMS/SERVICES SET FORTH BELOW:" : "The Final Determination was based on decisions for the disputed items/services set forth below:");
  const text = `HOW THE IMR FINAL DETERMINATION WAS MADE\nThe Expert Reviewer has the following credentials:\nState(s) of Licensure: California\nCertification(s)/Specialty: Internal Medicine\nCLINICAL CASE SUMMARY\nThe injured worker is a 40 year old male.\nIMR ISSUES, DECISIONS AND RATIONALES\n${intro}\n${issues}\n`;
  const result = processText(text, source);
  if (isFailure(result)) throw new Error(result.error.message);
  return result.decisions;
}

describe("items and outcomes", () => {
  it.each([
    ["X-rays: AP/lat/flex/ext:  Upheld", "X-rays: AP/lat/flex/ext", "upheld"],
    ["MRI of the lumbar spine:\nOverturned", "MRI of the lumbar spine", "overturned"],
    ["Physical therapy two times a week for six weeks for the\nlumbar spine and right knee: Upheld", "Physical therapy two times a week for six weeks for the lumbar spine and right knee", "upheld"],
    [
      "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized\nby the Claims Administrator. The remaining IMR eligible portion of the original request,\nNorco 10/325mg #35 is: Upheld",
      "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #35 is",
      "upheld",
    ],
    // an item name wrapped right after a colon of its own, however long its first line
    [
      "Retrospective request for compounded topical medication dispensed at the 03/11/2015 visit:\nKetoprofen 10% cream, 240 grams: Upheld",
      "Retrospective request for compounded topical medication dispensed at the 03/11/2015 visit: Ketoprofen 10% cream, 240 grams",
      "upheld",
    ],
    // a dash opening the outcome line continues the line before
    ["Physical therapy - cervical spine\n- 2 x 4 (8 visits): Overturned", "Physical therapy - cervical spine - 2 x 4 (8 visits)", "overturned"],
    // an abbreviation's period ends no sentence
    ["TENS unit supplies (electrodes, lead wires, batteries, etc.)\nfor home use: Upheld", "TENS unit supplies (electrodes, lead wires, batteries, etc.) for home use", "upheld"],
    ["Associated surgical service:\nAssistant surgeon: Overturned", "Associated surgical service: Assistant surgeon", "overturned"],
    // a parenthesis left open, or a dotted abbreviation, ends no sentence
    ["Cyclobenzaprine 10mg #60 (1 p.o. b.i.d.\nfor spasm): Upheld", "Cyclobenzaprine 10mg #60 (1 p.o. b.i.d. for spasm)", "upheld"],
    ["Pre-operative medical clearance\n(history and physical, EKG, labs:\nCBC, BMP and type and screen):\nUpheld", "Pre-operative medical clearance (history and physical, EKG, labs: CBC, BMP and type and screen)", "upheld"],
    // a letter in capitals: its introduction ends "SET FORTH BELOW:"
    ["RIGHT KNEE ARTHROSCOPY WITH PARTIAL\nMEDIAL MENISCECTOMY: UPHELD", "RIGHT KNEE ARTHROSCOPY WITH PARTIAL MEDIAL MENISCECTOMY", "upheld"],
    // a partial authorisation whose last line before the outcome ends a sentence, then opens the item's head
    [
      "Associated surgical service: Inpatient stay x 4 days was the original request. The Claims\nAdministrator authorized Associated surgical service: Inpatient stay x 3 days, leaving\nthe original request IMR eligible. The original request, Associated surgical service:\nInpatient stay x 4 days is: Upheld",
      "Associated surgical service: Inpatient stay x 4 days was the original request. The Claims Administrator authorized Associated surgical service: Inpatient stay x 3 days, leaving the original request IMR eligible. The original request, Associated surgical service: Inpatient stay x 4 days is",
      "upheld",
    ],
    // the word with a period, or with what it means, wrapped or not
    ["Post-operative physical therapy 2x3 (6 visits), left knee:  Overturned.", "Post-operative physical therapy 2x3 (6 visits), left knee", "overturned"],
    ["Left knee arthroscopy (CPT 29881): Overturned – medically\nnecessary", "Left knee arthroscopy (CPT 29881)", "overturned"],
    ["Hinged knee brace (L1832), purchase: Upheld (not medically necessary)", "Hinged knee brace (L1832), purchase", "upheld"],
    // outcomes in other forms
    ["Item #1: Lidoderm (lidocaine 5%) patch, #30 with 2 refills (Upheld)", "Lidoderm (lidocaine 5%) patch, #30 with 2 refills", "upheld"],
    ["(a) Cyclobenzaprine 7.5mg, #90 .............. Overturned", "Cyclobenzaprine 7.5mg, #90", "overturned"],
    ["Right knee MRI without contrast: Not medically necessary; denial upheld", "Right knee MRI without contrast", "upheld"],
    ["Synvisc-One 48mg/6ml injection, right knee: Medically necessary; denial overturned", "Synvisc-One 48mg/6ml injection, right knee", "overturned"],
    ["Synvisc-One 48mg/6ml injection, right knee:\nMedically necessary; denial overturned", "Synvisc-One 48mg/6ml injection, right knee", "overturned"],
    ["Acupuncture x 6\nDetermination – UPHOLD", "Acupuncture x 6", "upheld"],
    ["Acupuncture x 6\nDetermination – OVERTURN", "Acupuncture x 6", "overturned"],
    ["Acupuncture x 6\nResult: Overturned", "Acupuncture x 6", "overturned"],
    ["Acupuncture x 6\nFinal decision: overturned", "Acupuncture x 6", "overturned"],
    ["Requested service: Omeprazole 20mg #60\nResult of review: UPHELD", "Omeprazole 20mg #60", "upheld"],
    // other words for the outcomes, in a sentence after a determination's label
    ["Issue 1: Norco 10/325 mg #120\nDetermination: The non-certification is AFFIRMED.", "Norco 10/325 mg #120", "upheld"],
    ["Issue 2: Urine drug screen\nDetermination: The non-certification is REVERSED, and the service is authorized.", "Urine drug screen", "overturned"],
    ["Service: Lumbar MRI\nOur decision: The decision is reversed and the service is authorized.", "Lumbar MRI", "overturned"],
    ["Service requested: Lumbar MRI\nResult: UR denial sustained", "Lumbar MRI", "upheld"],
    ["Section IV - Decisions\nService under review #1: Lumbar MRI\nResult: UR denial sustained", "Lumbar MRI", "upheld"],
    ["Lumbar MRI\nResult: UR denial set aside; service approved", "Lumbar MRI", "overturned"],
    ["2) Gabapentin 600 mg #90 - Non-certification overturned; certified", "Gabapentin 600 mg #90", "overturned"],
    ["Right carpal tunnel release: the denial is reversed.", "Right carpal tunnel release", "overturned"],
    ["Post-operative wrist brace: the denial stands.", "Post-operative wrist brace", "upheld"],
    // a bulleted line too
    ["Date of this determination: November 28, 2016\nDeterminations:\n• Platelet-rich plasma injection, right elbow — Upheld", "Platelet-rich plasma injection, right elbow", "upheld"],
    // the outcome before its item
    ["Upheld: Acupuncture: 6 sessions, lumbar spine", "Acupuncture: 6 sessions, lumbar spine", "upheld"],
    ["OVERTURNED: Naproxen sodium 550mg #60", "Naproxen sodium 550mg #60", "overturned"],
    // a numbered line opens its item, whatever the line above it ends with
    ["REQUESTS REVIEWED, WITH REASONS:\n(1) Home CPM device, right knee\nDetermination – UPHOLD", "Home CPM device, right knee", "upheld"],
    // the head itself wrapped before its colon
    [
      "Retrospective request for compounded topical medication dispensed at\nthe 03/11/2015 visit:\nKetoprofen 10% cream, 240 grams: Upheld",
      "Retrospective request for compounded topical medication dispensed at the 03/11/2015 visit: Ketoprofen 10% cream, 240 grams",
      "upheld",
    ],
  ])("%s", (line, item, outcome) => {
    const [decision] = decisionsOf(`${line}\nDecision rationale: The request is not medically necessary.`);
    expect(decision?.item).toBe(item);
    expect(decision?.outcome).toBe(outcome);
  });

  it("separates a rationale from the next item and reads guidelines after 'Decision based on'", () => {
    const decisions = decisionsOf(
      [
        "TENS unit: Upheld",
        "Claims Administrator guideline: The Claims Administrator based their decision on",
        "recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation ODG.",
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s):",
        "3. Opioids for Chronic Pain.",
        "Decision rationale: There is no documented functional benefit. The request is not medically",
        "necessary.",
        "Gabapentin 600mg #90: Overturned",
        "Decision rationale: The request is medically necessary.",
      ].join("\n"),
    );
    expect(decisions).toEqual([
      {
        item: "TENS unit",
        outcome: "upheld",
        medicallyNecessary: false,
        claimsAdministratorGuideline: "Non-MTUS Citation ODG.",
        reviewerGuideline: "MTUS Chronic Pain Medical Treatment 2016, Section(s): 3. Opioids for Chronic Pain.",
        rationale: "There is no documented functional benefit. The request is not medically necessary.",
      },
      {
        item: "Gabapentin 600mg #90",
        outcome: "overturned",
        medicallyNecessary: true,
        claimsAdministratorGuideline: null,
        reviewerGuideline: null,
        rationale: "The request is medically necessary.",
      },
    ]);
  });

  it("keeps a partial authorisation's head and colon when the line before ran them into a rationale", () => {
    const decisions = decisionsOf(
      [
        "TENS unit: Upheld",
        "Decision rationale: The guidelines do not support the unit, and",
        "it is not medically necessary. Associated surgical service:",
        "Cold therapy unit rental for 21 days was the original request. Cold therapy unit rental for 7 days was authorized",
        "by the Claims Administrator. The remaining IMR eligible portion of the original request, Cold therapy unit rental for 14 days is: Upheld",
        "Decision rationale: The request is not medically necessary.",
      ].join("\n"),
    );
    expect(decisions[0]?.rationale).toBe("The guidelines do not support the unit, and it is not medically necessary.");
    expect(decisions[1]?.item).toBe(
      "Associated surgical service: Cold therapy unit rental for 21 days was the original request. Cold therapy unit rental for 7 days was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, Cold therapy unit rental for 14 days is",
    );
  });

  it.each(["Determination: Upheld", "Summary of Decision: Upheld", "Determination:\nUpheld"])("reads an outcome under the item's name (%j)", (outcomeLine) => {
    const decisions = decisionsOf(
      [`1. Repeat MRI of the lumbar spine without contrast`, outcomeLine, "Decision rationale: The request is not medically necessary.", "Functional capacity evaluation", "Determination: Overturned", "Decision rationale: The request is medically necessary."].join("\n"),
    );
    expect(decisions.map((d) => [d.item, d.outcome])).toEqual([
      ["Repeat MRI of the lumbar spine without contrast", "upheld"],
      ["Functional capacity evaluation", "overturned"],
    ]);
  });

  it("finds the items of a letter whose sections carry headings of its own", () => {
    const text = [
      "SUMMARY OF RECORDS",
      "The injured worker is a 41 year old female.",
      "DISPUTED ITEMS/SERVICES",
      "Attended overnight polysomnogram: Overturned",
      "Decision rationale: The request is medically necessary.",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary])).toEqual([["Attended overnight polysomnogram", "overturned", true]]);
  });

  it("finds items before the first heading it knows, the credentials coming last", () => {
    const text = [
      "The injured worker is a 41 year old female.",
      "ITEMS REVIEWED BY THE EXPERT",
      "Attended overnight polysomnogram: Overturned",
      "Decision rationale: The request is medically necessary.",
      "HOW THE IMR FINAL DETERMINATION WAS MADE",
      "The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions.map((d) => d.item)).toEqual(["Attended overnight polysomnogram"]);
  });

  it("passes over what a rationale says of the letter's other items", () => {
    const decisions = decisionsOf(
      [
        "First dorsal compartment release, right wrist: Overturned",
        "Decision rationale: The findings support release. The request is medically necessary.",
        "Associated surgical service: Pre-operative EKG: Upheld",
        "Decision rationale: The first dorsal compartment release is medically necessary as discussed above; it is a low-risk procedure. A pre-operative EKG is not indicated.",
        "Weight loss program: Upheld",
        "Decision rationale: The details of the program are not given. The unloader brace requested above is medically necessary.",
        "Unloader brace: Overturned",
        "Decision rationale: The unloader brace is medically necessary. Weight reduction remains important, although the formal program requested above is not medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => d.medicallyNecessary)).toEqual([true, null, null, true]);
  });

  it("does not reach back into a rationale that retells an earlier partial authorisation", () => {
    const decisions = decisionsOf(
      [
        "Inpatient stay x 4 days: Upheld",
        "Decision rationale: Inpatient stay x 4 days was the original request. The Claims Administrator authorized 3 days.",
        "Therefore, the original request is not medically necessary.",
        "Associated surgical service: Pre-operative labs (CBC, CMP):",
        "Overturned",
        "Decision rationale: The labs are medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => d.item)).toEqual(["Inpatient stay x 4 days", "Associated surgical service: Pre-operative labs (CBC, CMP)"]);
  });

  it("leaves a numbered item's marker to its item, not to the rationale before it", () => {
    const decisions = decisionsOf(
      [
        "4. Xanax 0.5mg #90: UPHELD",
        "Decision rationale: Xanax 0.5mg #90 is not a medical necessity.",
        "5. Temazepam 15mg #30 was the original request. Temazepam 15mg #15 was approved by the",
        "Claims Administrator. The remaining IMR eligible portion of the original request, Temazepam",
        "15mg #15 is: UPHELD",
        "Decision rationale: The request is not medically necessary.",
      ].join("\n"),
    );
    expect(decisions[0]?.rationale).toBe("Xanax 0.5mg #90 is not a medical necessity.");
    expect(decisions[1]?.item).toMatch(/^Temazepam 15mg #30 was the original request\./);
  });

  it.each([
    "Set out below are the disputed items/services and the decisions on which the Final Determination was based:",
    "The Final Determination was based on the following decisions on the disputed items/services:",
    "Decisions on the disputed items/services listed below form the basis of the Final\nDetermination:",
    "Below are the disputed items/services and the decisions on which the Final\nDetermination was based:",
  ])("does not take the items' introduction, however worded, into the first item (%j)", (intro) => {
    INTRO = intro;
    try {
      const [decision] = decisionsOf("Ondansetron 8mg ODT #30: Upheld\nDecision rationale: The request is not medically necessary.");
      expect(decision?.item).toBe("Ondansetron 8mg ODT #30");
    } finally {
      INTRO = undefined;
    }
  });

  it("ends a rationale whose conclusion lost its period before the next item", () => {
    const decisions = decisionsOf(
      ["Norco 10/325mg #90: Upheld", "Decision rationale: The records show no functional gain.", "The request is not medically necessary", "Trazodone 50mg #30, 1 at bedtime: Upheld", "Decision rationale: The request is not medically necessary."].join("\n"),
    );
    expect(decisions.map((d) => d.item)).toEqual(["Norco 10/325mg #90", "Trazodone 50mg #30, 1 at bedtime"]);
    expect(decisions[0]?.rationale).toBe("The records show no functional gain. The request is not medically necessary");
    expect(decisions[0]?.medicallyNecessary).toBe(false);
  });

  it("ends the last rationale at the letter's closing, whichever words it uses", () => {
    const [decision] = decisionsOf("Acupuncture x 6: Upheld\nDecision rationale: The request is not medically necessary\nSincerely yours,\nJane Roe, MD\nMedical Director");
    expect(decision?.rationale).toBe("The request is not medically necessary");
  });

  it.each(["Claims Adminstrator guideline:", "Claims Adrninistrator guideline:"])("opens a part at a label with a dropped letter, a scanning slip or a space before its colon (%s)", (claimsLabel) => {
    const [decision] = decisionsOf(
      [
        "Lumbar support: Upheld",
        `${claimsLabel} Decision based on MTUS ACOEM Chapter 12.`,
        "MAXIMUS guideline: Decision based on MTUS ACOEM Chapter 12, page 301.",
        "Decison rationale : Lumbar supports have no lasting benefit. The request is not medically necessary.",
      ].join("\n"),
    );
    expect(decision).toMatchObject({
      claimsAdministratorGuideline: "MTUS ACOEM Chapter 12.",
      reviewerGuideline: "MTUS ACOEM Chapter 12, page 301.",
      rationale: "Lumbar supports have no lasting benefit. The request is not medically necessary.",
      medicallyNecessary: false,
    });
  });

  it("reads on over a guideline line that starts with a dash after a line that stopped mid-phrase", () => {
    const [decision] = decisionsOf(
      [
        "Facet injections: Upheld",
        "MAXIMUS guideline: Decision based on Non-MTUS Official Disability Guidelines (ODG), Low Back",
        "- Lumbar & Thoracic (Acute & Chronic), Facet joint diagnostic blocks.",
        "Decision rationale: The request is not medically necessary.",
      ].join("\n"),
    );
    expect(decision?.reviewerGuideline).toBe("Non-MTUS Official Disability Guidelines (ODG), Low Back - Lumbar & Thoracic (Acute & Chronic), Facet joint diagnostic blocks.");
  });

  it.each([
    ["The request is not medically necessary.", false],
    ["Therefore the request is determined to be not medically necessary.", false],
    ["The MRI is not supported by the records as being medically necessary at this time.", false],
    ["The request is consistent with the guidelines and is medically necessary.", true],
    ["The guidelines recommend a trial of therapy.", null],
    ["The Lidoderm patch cannot be recommended as medically necessary.", false],
    ["The UR reviewer felt the injection was not medically necessary. The request is therefore medically necessary.", true],
    ["Trigger point injections are therefore not a medical necessity in this case.", false],
    ["The surgery is not supported. Therefore, none of the associated services are medically necessary.", false],
    ["The request for naproxen sodium 550mg #60 is medicaly necessary.", true],
    ["The request is not found to be medically necessary.", false],
    ["The request is, accordingly, not a medical necessity.", false],
    ["The request cannot be regarded as a medical necessity.", false],
    ["I uphold the prior decision and deem the request for a home health aide 4 hours a day,\n7 days a week to not be medically necessary.", false],
    ["A pre-operative medical clearance is indicated as a medical necessity to the patient at this time.", true],
    ["The request is not medically necessary. Once the trial is complete, further sessions may be considered medically necessary.", false],
    // a list inside the rationale does not end it
    ["The guidelines allow a repeat block when:\n1) The first block gave 50% relief.\n2) Function improved.\nBoth are documented, and the request is medically necessary.", true],
    ["The request is not considered medically necessary.", false],
    ["The request for a sling is appropriate and medically necessary.", true],
    ["Medical necessity for the requested device has not been established.", false],
    ["Medical necessity for the six requested refills has been established.", true],
    ["Since the surgery is medically necessary, the requested stay is likewise medically necessary.", true],
    // someone else's view, reported, is not the reviewer's conclusion
    ["The UR reviewer stated that gabapentin was not medically necessary because the records did not show neuropathic pain. The guideline criteria for continued use are met.", null],
    ["The treating physician stated that duloxetine is medically necessary. Continued use is consistent with the guidelines.", null],
    ["The UR reviewer stated that the request is not medically necessary. Contrary to the UR determination, the request is medically necessary.", true],
    ["Electromyography is not necessary if radiculopathy is already clinically obvious. The findings were not recorded.", null],
    ["The request is not medically necessary unless new deficits appear. The request is not medically necessary.", false],
    // a guideline's condition, not a conclusion
    ["The guidelines recommend office visits as determined to be medically necessary. The patient is taking sertraline.", null],
    ["The trial is not medically necessary at this time. Once therapy is done, a new request may be medically necessary.", false],
  ])("medical necessity of %s", (rationale, expected) => {
    const [decision] = decisionsOf(`Acupuncture: Upheld\nDecision rationale: ${rationale}`);
    expect(decision?.medicallyNecessary).toBe(expected);
  });

  // a closing aside about another service does not replace the conclusion about the item
  it.each([
    ["Lumbar MRI", "The request for a lumbar MRI is medically necessary. By contrast, a repeat EMG, which was also suggested, is not medically necessary.", true],
    ["12 acupuncture sessions", "The 12 acupuncture sessions are not medically necessary. Of note, the 6 visits authorized before were found to be medically necessary.", false],
    // the aside names nothing else: it stands
    ["Lumbar MRI", "The request for a lumbar MRI is medically necessary. On review of the updated records, it is not medically necessary.", false],
    // an earlier statement in UR's voice is not the reviewer's conclusion
    ["Lidoderm 5% patch #30", "The prior UR found Lidoderm not medically necessary. Topical lidocaine is medically necessary here.", true],
    // with nothing about the item, the last statement stands
    ["Group therapy", "Individual psychotherapy has been found to be medically necessary in this review.", true],
  ])("medical necessity of %s from %s", (item, rationale, expected) => {
    const [decision] = decisionsOf(`${item}: Upheld\nDecision rationale: ${rationale}`);
    expect(decision?.medicallyNecessary).toBe(expected);
  });
});

  // an outcome word in a sentence that runs on to the next line is the rationale's text, not another item
  it.each([
    ["Guidelines call for a block first. The\nprior IMR listed it as Facet blocks: Upheld\nbecause no block had been done. The request is medically necessary.", 1],
    ["The prior IMR listed it as Facet blocks:\nUpheld\nbecause no block had been done. The request is medically necessary.", 1],
    // a sentence closing the rationale on a line of its own
    ["The request is medically necessary.\nThe UR decision is overturned.", 1],
    // a sentence ending in the word, not capitalised, alone on its line
    ["The request is medically necessary, and the Utilization Review decision is\noverturned.", 1],
    // a new line in capitals after the word: the word closes an item
    ["The request is medically necessary.\nFacet blocks: Upheld\nDecision rationale: The request is not medically necessary.", 2],
  ])("items of %s", (rationale, count) => {
    const decisions = decisionsOf(`Radiofrequency ablation: Overturned\nDecision rationale: ${rationale}`);
    expect(decisions).toHaveLength(count);
    expect(decisions[0]?.medicallyNecessary).toBe(true);
  });

  it("reads items headed 'Disputed Item N:' with the outcome as a sentence under them and parts labelled by who cited what", () => {
    const decisions = decisionsOf(
      [
        "Disputed Item 1: MRI of the brain without contrast (CPT 70551)",
        "Decision: The UR determination is upheld.",
        "Guideline(s) cited by UR: ODG, Head, MRI.",
        "The reviewer relied upon: ODG, Head, MRI (magnetic resonance imaging).",
        "Rationale: No red flags are described. Note: the request is upheld.",
        "The MRI is not medically necessary.",
        "Disputed Item 2: Sumatriptan 50 mg #9",
        "Decision: The request for sumatriptan is overturned.",
        "Guideline(s) cited by UR: The UR physician did not cite a guideline.",
        "The reviewer relied upon: ODG, Head, Triptans.",
        "Rationale: Sumatriptan 50 mg #9 is medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline, d.reviewerGuideline, d.rationale])).toEqual([
      ["MRI of the brain without contrast (CPT 70551)", "upheld", false, "ODG, Head, MRI.", "ODG, Head, MRI (magnetic resonance imaging).", "No red flags are described. Note: the request is upheld. The MRI is not medically necessary."],
      ["Sumatriptan 50 mg #9", "overturned", true, "The UR physician did not cite a guideline.", "ODG, Head, Triptans.", "Sumatriptan 50 mg #9 is medically necessary."],
    ]);
  });

  it("reads a table of numbered rows, outcomes in a column, with each item's reasons after it under its number and name", () => {
    const decisions = decisionsOf(
      [
        "  1    Norco 10/325mg, #90                 Upheld",
        "  2    Omeprazole 20mg, #60                Overturned",
        "1. Norco 10/325mg, #90",
        "Reasons: Norco is not medically necessary.",
        "2. Omeprazole 20mg, #60",
        "Reasons: Omeprazole is medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => [d.item, d.outcome, d.rationale])).toEqual([
      ["Norco 10/325mg, #90", "upheld", "Norco is not medically necessary."],
      ["Omeprazole 20mg, #60", "overturned", "Omeprazole is medically necessary."],
    ]);
  });

  it("reads an outcome given after its item's reasons, the item named in a numbered head above them", () => {
    const decisions = decisionsOf(
      [
        "Disputed item 1: Custom foot orthotics,",
        "left",
        "Claims Administrator Guideline: ACOEM Chapter 14.",
        "Explanation: An orthotic is a reasonable next step. The custom foot orthotics, left, are medically necessary.",
        "Outcome for this item: Overturned. The Utilization Review",
        "denial is reversed.",
        "Disputed item 2: Physical therapy 3 x 4",
        "Explanation: The criteria are not met,",
        "so the physical therapy is not medically necessary.",
        "Outcome for this item: Upheld. The denial stands.",
      ].join("\n"),
    );
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline, d.rationale])).toEqual([
      ["Custom foot orthotics, left", "overturned", true, "ACOEM Chapter 14.", "An orthotic is a reasonable next step. The custom foot orthotics, left, are medically necessary."],
      ["Physical therapy 3 x 4", "upheld", false, null, "The criteria are not met, so the physical therapy is not medically necessary."],
    ]);
  });

  it("reads a rationale's numbered list on, though an entry ends in an outcome word, and an item's own number after such a list as an item", () => {
    const decisions = decisionsOf(
      [
        "1. TENS unit purchase: Upheld",
        "Decision rationale: The history of the device:",
        "1. 09/2014: rental trial completed.",
        "2. 10/02/2014 UR decision on the purchase: non-certified.",
        "3. 03/05/2015 IMR decision on the purchase: Upheld",
        "No new information was given. The TENS unit purchase is not medically necessary.",
        "2. Meloxicam 15 mg #30: Overturned",
        "Decision rationale: The criteria:",
        "1. Osteoarthritis.",
        "2. Normal renal function.",
        "3. No bleeding.",
        "Meloxicam is medically necessary.",
        "3. Knee brace: Upheld",
        "Decision rationale: The knee is stable. The brace is not medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.rationale])).toEqual([
      [
        "TENS unit purchase",
        "upheld",
        false,
        "The history of the device: 1. 09/2014: rental trial completed. 2. 10/02/2014 UR decision on the purchase: non-certified. 3. 03/05/2015 IMR decision on the purchase: Upheld No new information was given. The TENS unit purchase is not medically necessary.",
      ],
      ["Meloxicam 15 mg #30", "overturned", true, "The criteria: 1. Osteoarthritis. 2. Normal renal function. 3. No bleeding. Meloxicam is medically necessary."],
      ["Knee brace", "upheld", false, "The knee is stable. The brace is not medically necessary."],
    ]);
  });

  it("reads items in a list bulleted 'o ', as Word exports a second-level list", () => {
    const decisions = decisionsOf("o TENS unit, 30-day home trial\nDetermination: Overturned\no Massage therapy x 8 sessions\nDetermination: Upheld\nDecision rationale: The request is not medically necessary.");
    expect(decisions.map((d) => [d.item, d.outcome])).toEqual([
      ["TENS unit, 30-day home trial", "overturned"],
      ["Massage therapy x 8 sessions", "upheld"],
    ]);
  });

  // the letter's closing statement, with no heading of its own, ends the last rationale
  it.each([
    [
      "The brace is medically necessary.\nThe Independent Medical Review determination is deemed to be the determination of the\nAdministrative Director and is binding on all parties.",
      "The brace is medically necessary.",
    ],
    [
      "The brace is medically necessary.\nThis determination of the Independent Medical Review organization is deemed to be the\ndetermination of the Administrative Director.",
      "The brace is medically necessary.",
    ],
    ["The brace is not medically necessary.\nThis decision is final and binding on all parties.", "The brace is not medically necessary."],
    ["The brace is not medically necessary.\nAny party may appeal this determination within 30 days.", "The brace is not medically necessary."],
    ["The brace is not medically necessary.\nEffect of the Decision: Pursuant to California Labor Code section 4610.6(c), this\ndetermination is final.", "The brace is not medically necessary."],
    ["The brace is not medically necessary.\nPursuant to Labor Code section 4610.6(h), a party may appeal.", "The brace is not medically necessary."],
    // in the middle of a sentence, or not about the determination: the rationale goes on
    ["The UR decision is\nbinding on all parties, the records say. The brace is not medically necessary.", "The UR decision is binding on all parties, the records say. The brace is not medically necessary."],
    ["The brace is not medically necessary.\nThe decision to operate is deferred.", "The brace is not medically necessary. The decision to operate is deferred."],
    // a heading the grammar does not know, in capitals after a finished sentence, ends it too
    ["The brace is medically necessary.\nREVIEWER CREDENTIALS\nThe reviewer is licensed in California.", "The brace is medically necessary."],
    ["The brace is medically necessary.\nAttachment A:\nUR letter of 05/02/2016", "The brace is medically necessary. Attachment A: UR letter of 05/02/2016"],
    // a signature without a sign-off before it
    ["The brace is medically necessary.\n[signature]\nMedical Director", "The brace is medically necessary."],
    ["The brace is medically necessary.\n/s/ Jane Roe, MD\nMedical Director", "The brace is medically necessary."],
    // a list after a finished sentence goes on in the rationale, whatever its bullet
    ["The criteria are listed.\no Red flags are absent.\no Pain has lasted four months.\nThe brace is medically necessary.", "The criteria are listed. o Red flags are absent. o Pain has lasted four months. The brace is medically necessary."],
    ["The criteria are listed.\n- Red flags are absent.\n- Pain has lasted four months.\nThe brace is medically necessary.", "The criteria are listed. - Red flags are absent. - Pain has lasted four months. The brace is medically necessary."],
    // not in a rationale printed in capitals throughout
    ["THE BRACE IS\nMEDICALLY NECESSARY.\nTHE REQUEST\nIS APPROVED.", "THE BRACE IS MEDICALLY NECESSARY. THE REQUEST IS APPROVED."],
  ])("rationale of %s", (rationale, expected) => {
    const [decision] = decisionsOf(`Knee brace: Upheld\nDecision rationale: ${rationale}`);
    expect(decision?.rationale).toBe(expected);
  });

describe("the medical professional review report (layout D)", () => {
  function layoutD(issues: string, guidelines: string, rationales: string): DeterminationRecord["decisions"] {
    const text = [
      "MEDICAL PROFESSIONAL REVIEW",
      "Case Number: CM16-0097351",
      "ISSUES AT DISPUTE:",
      issues,
      "CASE SUMMARY:",
      "The injured worker is a 40 year old male.",
      "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
      guidelines,
      "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
      rationales,
      "MEDICAL REVIEWER QUALIFICATIONS:",
      "The reviewer is Board Certified in Orthopedic Surgery and is licensed to practice in California.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    return result.decisions;
  }

  // each unnumbered item gets the block under its own short head, wrapped over two lines or not
  it.each([
    ["ORIF of the fifth metatarsal:", "a short head"],
    ["ORIF of the fifth metatarsal base fracture (Jones\nfracture) with intramedullary screw:", "a head wrapped over two lines"],
  ])("gives each unnumbered item its block (%j: %s)", (head) => {
    const decisions = layoutD(
      "Open reduction and internal fixation of the fifth metatarsal\nDetermination: Overturned\nBone growth stimulator (external), purchase\nDetermination: Upheld",
      `${head}\nODG, Ankle & Foot Chapter, ORIF.\nBone growth stimulator:\nODG, Ankle & Foot Chapter, Bone growth stimulators.`,
      `${head}\nThe fracture has not healed. The request is medically necessary.\nBone growth stimulator:\nThe fixation has a high union rate. The request is not medically necessary.`,
    );
    expect(decisions.map((d) => [d.reviewerGuideline, d.rationale, d.medicallyNecessary])).toEqual([
      ["ODG, Ankle & Foot Chapter, ORIF.", "The fracture has not healed. The request is medically necessary.", true],
      ["ODG, Ankle & Foot Chapter, Bone growth stimulators.", "The fixation has a high union rate. The request is not medically necessary.", false],
    ]);
  });

  it("gives each item the block headed by its name, and a guidelines block shared by all to each", () => {
    const decisions = layoutD(
      "Lumbar radiofrequency ablation, left L4-5 - Determination: Overturned\nLumbar brace (LSO), purchase - Determination: Upheld",
      "Official Disability Guidelines (ODG), Low Back Chapter, Facet joint radiofrequency neurotomy; Lumbar supports.",
      "Lumbar radiofrequency ablation, left L4-5\nThe criteria are met. The request is medically necessary.\nLumbar brace (LSO), purchase\nThere is no instability. The request is not medically necessary.",
    );
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.reviewerGuideline])).toEqual([
      ["Lumbar radiofrequency ablation, left L4-5", "overturned", true, "Official Disability Guidelines (ODG), Low Back Chapter, Facet joint radiofrequency neurotomy; Lumbar supports."],
      ["Lumbar brace (LSO), purchase", "upheld", false, "Official Disability Guidelines (ODG), Low Back Chapter, Facet joint radiofrequency neurotomy; Lumbar supports."],
    ]);
  });

  it("finds numbered blocks by their items' names past a list inside a block, whatever punctuation ends an item's first word", () => {
    const decisions = layoutD(
      "1. TENS unit - 30 day rental - Upheld\n2. MRI, cervical spine, without contrast - Upheld",
      "1. TENS unit - 30 day rental\nMTUS, TENS.\n2. MRI, cervical spine, without contrast\nACOEM, Special Studies.",
      "1. TENS unit - 30 day rental\nThe criteria include:\n(1) Pain for three months;\n(2) A one-month trial.\nThe request is not medically necessary.\n2. MRI, cervical spine, without contrast\nThere are no red flags. The request is not medically necessary.",
    );
    expect(decisions.map((d) => [d.item, d.reviewerGuideline, d.rationale])).toEqual([
      ["TENS unit - 30 day rental", "MTUS, TENS.", "The criteria include: (1) Pain for three months; (2) A one-month trial. The request is not medically necessary."],
      ["MRI, cervical spine, without contrast", "ACOEM, Special Studies.", "There are no red flags. The request is not medically necessary."],
    ]);
  });

  it("gives each item the guidelines and rationale sections printed again under it", () => {
    const text = [
      "MEDICAL PROFESSIONAL REVIEW",
      "Case Number: CM16-0097351",
      "ISSUES AT DISPUTE:",
      "1. Urine drug screen - Upheld",
      "2. Acupuncture x 6 - Overturned",
      "CASE SUMMARY:",
      "The injured worker is a 40 year old male.",
      "ISSUE 1: Urine drug screen",
      "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
      "MTUS, Drug testing, page 43.",
      "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
      "No opioids are prescribed. The request is not medically necessary.",
      "ISSUE 2: Acupuncture x 6",
      "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
      "MTUS Acupuncture Medical Treatment Guidelines.",
      "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
      "Medication is not tolerated. The request is medically necessary.",
      "MEDICAL REVIEWER QUALIFICATIONS:",
      "The reviewer is Board Certified in Family Practice and is licensed to practice in California.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.reviewerGuideline, d.rationale])).toEqual([
      ["Urine drug screen", "upheld", false, "MTUS, Drug testing, page 43.", "No opioids are prescribed. The request is not medically necessary."],
      ["Acupuncture x 6", "overturned", true, "MTUS Acupuncture Medical Treatment Guidelines.", "Medication is not tolerated. The request is medically necessary."],
    ]);
  });

  it("reads a determination whose label ended the item's line and whose word went below", () => {
    const decisions = layoutD(
      "Issue 1: Norco 10/325mg #120\n- Determination:\nUpheld\nIssue 2: Gabapentin 600mg #90 - Determination:\nOverturned",
      "MTUS Chronic Pain Medical Treatment Guidelines.",
      "Issue 1: Norco 10/325mg #120\nThe request is not medically necessary.\nIssue 2: Gabapentin 600mg #90\nThe request is medically necessary.",
    );
    expect(decisions.map((d) => [d.item, d.outcome])).toEqual([
      ["Norco 10/325mg #120", "upheld"],
      ["Gabapentin 600mg #90", "overturned"],
    ]);
  });

  it("finds blocks headed 'Re: <item>' and guideline lines 'For <item>: ...'", () => {
    const decisions = layoutD(
      "1. Oxycodone 10mg #120\nDetermination: UPHELD\n2. Soma 350mg #60\nDetermination: UPHELD",
      "For Oxycodone 10mg #120: CA MTUS Chronic Pain Medical Treatment Guidelines, Opioids.\nFor Soma 350mg #60: CA MTUS Chronic Pain Medical Treatment Guidelines, Carisoprodol.",
      "Re: Oxycodone 10mg #120\nFor patients on long-term opioids there is no gain. The request is not medically necessary.\nRe: Soma 350mg #60\nCarisoprodol is not recommended. The request is not medically necessary.",
    );
    expect(decisions.map((d) => [d.reviewerGuideline, d.rationale])).toEqual([
      ["CA MTUS Chronic Pain Medical Treatment Guidelines, Opioids.", "For patients on long-term opioids there is no gain. The request is not medically necessary."],
      ["CA MTUS Chronic Pain Medical Treatment Guidelines, Carisoprodol.", "Carisoprodol is not recommended. The request is not medically necessary."],
    ]);
  });

  it("reads issues laid out as a table, the outcome in a column of its own", () => {
    const text = [
      "MEDICAL PROFESSIONAL REVIEW",
      "Case Number: CM16-0097351",
      "ISSUE AT DISPUTE                                   DETERMINATION",
      "1. Right shoulder arthroscopy                  Overturned",
      "2. Zolpidem 10mg #30                           Upheld",
      "CASE SUMMARY:",
      "The injured worker is a 40 year old male.",
      "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
      "Request 1 - Right shoulder arthroscopy:",
      "The request is medically necessary.",
      "Request 2 - Zolpidem 10mg #30:",
      "The request is not medically necessary.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary])).toEqual([
      ["Right shoulder arthroscopy", "overturned", true],
      ["Zolpidem 10mg #30", "upheld", false],
    ]);
  });

  it("reads numbered guideline blocks that open with their text", () => {
    const decisions = layoutD(
      "1) Cognitive behavioral therapy, 6 sessions\nDetermination: Overturned\n2) Lorazepam 1mg #60\nDetermination: Upheld",
      "1) Official Disability Guidelines (ODG), Mental Illness & Stress Chapter, Cognitive\nbehavioral therapy (CBT).\n2) MTUS Chronic Pain Medical Treatment Guidelines (2009), Benzodiazepines, page 24. This\nsection addresses lorazepam.",
      "1) Cognitive behavioral therapy, 6 sessions\nThe request is medically necessary.\n2) Lorazepam 1mg #60\nThe request is not medically necessary.",
    );
    expect(decisions.map((d) => d.reviewerGuideline)).toEqual([
      "Official Disability Guidelines (ODG), Mental Illness & Stress Chapter, Cognitive behavioral therapy (CBT).",
      "MTUS Chronic Pain Medical Treatment Guidelines (2009), Benzodiazepines, page 24. This section addresses lorazepam.",
    ]);
  });

  it("keeps a list numbered inside one item's block in that block", () => {
    const decisions = layoutD(
      "1) Trigger point injections x 4\nDetermination: UPHELD\n2) Lumbar epidural steroid injection\nDetermination: OVERTURNED\n3) Lidoderm 5% patches #30\nDetermination: UPHELD",
      "MTUS Chronic Pain Medical Treatment Guidelines.",
      [
        "1) Trigger point injections x 4",
        "There is no twitch response. The request is not medically necessary.",
        "2) Lumbar epidural steroid injection",
        "The criteria include:",
        "1) Radiculopathy documented by examination.",
        "2) Failed conservative treatment.",
        "3) Fluoroscopic guidance.",
        "All are met. The request is medically necessary.",
        "3) Lidoderm 5% patches #30",
        "The pain is not peripheral. The request is not medically necessary.",
      ].join("\n"),
    );
    expect(decisions.map((d) => d.medicallyNecessary)).toEqual([false, true, false]);
    expect(decisions[1]?.rationale).toBe(
      "The criteria include: 1) Radiculopathy documented by examination. 2) Failed conservative treatment. 3) Fluoroscopic guidance. All are met. The request is medically necessary.",
    );
  });
});

describe("the 2013 notice letter (layout C)", () => {
  function notice(parts: { announced?: string; heading?: string; items: string; closing?: string }): DeterminationRecord["decisions"] {
    const text = [
      "MAXIMUS FEDERAL SERVICES, INC.",
      "Notice of Independent Medical Review Determination",
      "Dated: 09/27/2013",
      "IMR Case Number: CM13-0004418",
      "Final Determination: UPHOLD IN PART",
      parts.announced ?? "",
      parts.closing ?? "Sincerely,",
      "HOW THE IMR FINAL DETERMINATION WAS MADE",
      "The physician reviewer is Board Certified in Internal Medicine and is licensed to practice in California.",
      "Expert Reviewer Case Summary:",
      "The patient is a 49 year old female.",
      parts.heading ?? "IMR DECISION(S) AND RATIONALE(S)",
      parts.items,
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    return result.decisions;
  }

  const PARTS = [
    "Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:",
    "Chronic Pain Medical Treatment Guidelines, Opioids.",
    "Relevant Guideline(s) Relied Upon by the Expert Reviewer:",
    "Chronic Pain Medical Treatment Guidelines, Tramadol.",
    "Rationale for the Decision:",
  ].join("\n");

  it.each(["IMR DECISION(S) AND RATIONALE(S)", "IMR ISSUE(S), DECISION(S) AND RATIONALE(S):", "IMR Issues, Decisions and Rationales"])("reads items under the heading %s", (heading) => {
    const decisions = notice({ heading, items: `1. Tramadol 50mg #120 is medically necessary and appropriate.\n${PARTS}\nThe request is medically necessary.` });
    expect(decisions.map((d) => [d.item, d.outcome, d.claimsAdministratorGuideline, d.reviewerGuideline])).toEqual([
      ["Tramadol 50mg #120", "overturned", "Chronic Pain Medical Treatment Guidelines, Opioids.", "Chronic Pain Medical Treatment Guidelines, Tramadol."],
    ]);
  });

  it("reads the decisions listed under 'INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE', their reasons under heads of their own after the case summary", () => {
    const text = [
      "Notice of Independent Medical Review Determination",
      "Dated: 10/3/2013",
      "MAXIMUS Case Number: CM13-0005213",
      "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
      "1) MAXIMUS Federal Services, Inc. has determined the request for EMG of the bilateral",
      "lower extremities is medically necessary and appropriate.",
      "2) MAXIMUS Federal Services, Inc. has determined the request for Flexeril 10mg #90 is",
      "not medically necessary and appropriate.",
      "Expert Reviewer Case Summary:",
      "The patient is a 39 year-old male.",
      "1) Regarding the request for EMG of the bilateral lower extremities:",
      "Relevant Guideline(s) Relied Upon by the Expert Reviewer:",
      "ACOEM, Chapter 12, page 303.",
      "Rationale for the Decision:",
      "The neurologic findings are new. The EMG is medically necessary.",
      "2) Regarding the request for Flexeril 10mg #90:",
      "Rationale for the Decision:",
      "Long-term use is not supported. The Flexeril is not medically necessary.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.reviewerGuideline, d.rationale])).toEqual([
      ["EMG of the bilateral lower extremities", "overturned", true, "ACOEM, Chapter 12, page 303.", "The neurologic findings are new. The EMG is medically necessary."],
      ["Flexeril 10mg #90", "upheld", false, null, "Long-term use is not supported. The Flexeril is not medically necessary."],
    ]);
  });

  it.each([
    ["UPHOLD. This means we decided that none of the disputed items/services are medically necessary.", [["Aquatic therapy x 12 sessions", "upheld", null]]],
    ["OVERTURN. This means we decided that all of the disputed items/services are medically necessary.", [["Aquatic therapy x 12 sessions", "overturned", null]]],
    // in part: the item's own rationale would have to say, and it does not
    ["UPHOLD IN PART. This means we decided that some of the disputed items/services are medically necessary.", []],
  ])("gives an item asked about, whose rationale concludes nothing, the letter's one outcome (Final Determination: %s)", (determination, expected) => {
    const text = [
      "Notice of Independent Medical Review Determination",
      "Dated: 11/5/2013",
      "MAXIMUS Case Number: CM13-0031572",
      `Final Determination: ${determination}`,
      "HOW THE IMR FINAL DETERMINATION WAS MADE",
      "The physician reviewer is Board Certified in Internal Medicine and is licensed to practice in California.",
      "IMR DECISION(S) AND RATIONALE(S)",
      "1. Is Aquatic therapy x 12 sessions medically necessary and appropriate?",
      "Rationale for the Decision:",
      "Aquatic therapy is an option where reduced weight bearing is desirable. The records do not describe the patient's weight.",
      "",
    ].join("\n");
    const result = processText(text, source);
    const decisions = isFailure(result) ? [] : result.decisions;
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary])).toEqual(expected);
  });

  it("takes the decisions of items headed 'Regarding the request for' from the list the letter announced them in", () => {
    const decisions = notice({
      announced: [
        "The disputed items/services were decided as follows:",
        "1) MAXIMUS Federal Services, Inc. has determined the request for 160 hours of a functional",
        "restoration program is not medically necessary and appropriate.",
        "2) MAXIMUS Federal Services, Inc. has determined the request for Tramadol 50mg #120 is medically",
        "necessary and appropriate.",
      ].join("\n"),
      heading: "IMR ISSUE(S), DECISION(S) AND RATIONALE(S):",
      items: [
        "1) Regarding the request for 160 hours of a functional restoration program:",
        PARTS,
        "The program is not supported. The request is not medically necessary.",
        "2) Regarding the request for Tramadol 50mg #120:",
        PARTS,
        "The criteria are met. The request is medically necessary.",
        "",
        "/jw",
      ].join("\n"),
    });
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary])).toEqual([
      ["160 hours of a functional restoration program", "upheld", false],
      ["Tramadol 50mg #120", "overturned", true],
    ]);
    // the typist's initials are no part of the last rationale
    expect(decisions[1]?.rationale).toBe("The criteria are met. The request is medically necessary.");
  });

  it("takes a head wrapped before its colon, after a rationale, as the next item's", () => {
    const decisions = notice({
      announced: "1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #90 is not medically necessary and appropriate.\n2) MAXIMUS Federal Services, Inc. has determined the request for Lidoderm 5% patch #30 is not medically necessary and appropriate.",
      items: `1) Regarding the request for Norco 10/325mg #90:\n${PARTS}\nThe request is not medically necessary.\n2) Regarding the request for Lidoderm\n5% patch #30:\n${PARTS}\nThe request is not medically necessary.`,
    });
    expect(decisions.map((d) => d.item)).toEqual(["Norco 10/325mg #90", "Lidoderm 5% patch #30"]);
    expect(decisions[0]?.rationale).toBe("The request is not medically necessary.");
  });

  it("decides an item asked about ('Is X medically necessary and appropriate?') by its rationale's conclusion", () => {
    const used = PARTS.replace(/Relied Upon by/g, "Used by");
    const decisions = notice({
      items: [
        "1. Is Repeat MR Arthrogram of the right shoulder medically necessary and appropriate?",
        used,
        "There is no red flag. Repeat MR Arthrogram of the right shoulder is not medically necessary and appropriate.",
        "2. Are the requested 6 sessions of aquatic therapy medically necessary and appropriate?",
        used,
        "The claimant is obese. The requested sessions are medically necessary.",
        // no conclusion: no decision to report
        "3. Is Tramadol ER 150mg #30 medically necessary and appropriate?",
        used,
        "The records are incomplete.",
      ].join("\n"),
    });
    expect(decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline, d.reviewerGuideline])).toEqual([
      ["Repeat MR Arthrogram of the right shoulder", "upheld", false, "Chronic Pain Medical Treatment Guidelines, Opioids.", "Chronic Pain Medical Treatment Guidelines, Tramadol."],
      ["6 sessions of aquatic therapy", "overturned", true, "Chronic Pain Medical Treatment Guidelines, Opioids.", "Chronic Pain Medical Treatment Guidelines, Tramadol."],
    ]);
    expect(decisions[0]?.rationale).toBe("There is no red flag. Repeat MR Arthrogram of the right shoulder is not medically necessary and appropriate.");
  });

  it("reads the guidelines and rationale as the 2014 letters label them", () => {
    const decisions = notice({
      items: [
        "1. Acupuncture x 6 is medically necessary and appropriate.",
        "Medical Treatment Guideline(s) Cited by the Claims Administrator:",
        "Acupuncture Medical Treatment Guidelines.",
        "Medical Treatment Guideline(s) Used by the Physician Reviewer:",
        "Acupuncture Medical Treatment Guidelines, page 8.",
        "The Expert Reviewer's decision rationale:",
        "The request is medically necessary.",
      ].join("\n"),
    });
    expect(decisions.map((d) => [d.claimsAdministratorGuideline, d.reviewerGuideline, d.rationale])).toEqual([
      ["Acupuncture Medical Treatment Guidelines.", "Acupuncture Medical Treatment Guidelines, page 8.", "The request is medically necessary."],
    ]);
  });

  it("reads the item of a sentence in the announcing form", () => {
    const decisions = notice({
      items: `1) MAXIMUS Federal Services, Inc. has determined the request for a 28 day functional\nrestoration program is not medically necessary and appropriate.\n${PARTS}\nThe request is not medically necessary.`,
    });
    expect(decisions.map((d) => [d.item, d.outcome])).toEqual([["a 28 day functional restoration program", "upheld"]]);
  });
});

describe("letters in none of the known layouts", () => {
  const letter = (decisions: string) =>
    [
      "PACIFIC INDEPENDENT REVIEW ORGANIZATION",
      "Independent Medical Review - Final Determination",
      "IMR Case No.: CM15-0176530   Determination Date: 11/03/2015",
      "1. Background",
      "The injured worker is a 56-year-old man.",
      "3. Determinations and Reasons",
      decisions,
      "",
    ].join("\n");

  /** The record of a letter with these lines as its decisions. */
  function recordOf(lines: string[]): DeterminationRecord {
    const result = processText(letter(lines.join("\n")), source);
    if (isFailure(result)) throw new Error(result.error.message);
    return result;
  }

  it("reads them when they decide items as an IMR and give reasons", () => {
    const result = recordOf([
      "3.1 Left L5-S1 transforaminal epidural steroid injection - Overturned",
      "Basis of UR decision: MTUS, Epidural steroid injections.",
      "Why: The criteria are met. The injection is medically necessary.",
      "B. Decision on Terocin patches #30: Upheld",
      "Analysis: The request is not medically necessary.",
      "Issue 3 of 3",
      "Disputed item: Urine drug screen",
      "Finding: UPHELD",
      "Discussion: The request is not medically necessary.",
    ]);
    expect([result.layout, result.caseNumber, result.decisionDate]).toEqual(["unknown", "CM15-0176530", "2015-11-03"]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline])).toEqual([
      ["Left L5-S1 transforaminal epidural steroid injection", "overturned", true, "MTUS, Epidural steroid injections."],
      ["Terocin patches #30", "upheld", false, null],
      ["Urine drug screen", "upheld", false, null],
    ]);
  });

  it("reads a report of labels and dot leaders, its diagnoses under a heading of their own", () => {
    const text = [
      "STATEWIDE IMR SERVICES - CASE DETERMINATION REPORT",
      "   Case No. ..................... cm21-0078820",
      "   Injury Date .................. 12/01/2019",
      "   Assigned ..................... 07/01/2021",
      "   Final Decision Date .......... 07/29/2021",
      " EXPERT REVIEWER",
      "   Licensure .................... California",
      "   Specialty .................... Physical Medicine & Rehabilitation",
      " DIAGNOSES",
      "   (1) cervical radiculopathy, C6",
      "   (2) chronic pain syndrome",
      " CASE NOTES",
      "   The injured worker is a 51 year old male. Utilization review non-certified the request on 06/14/2021.",
      " DETERMINATION",
      "   Line 1 of 1",
      "     Service .................. Functional restoration program (FRP)",
      "                                evaluation",
      "     IMR Result ............... OVERTURNED",
      "     Reviewer Guideline ....... MTUS, Chronic pain programs, pages 30-32",
      "     Rationale ................ The criteria are met. The evaluation is medically necessary.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect([result.caseNumber, result.injuryDate, result.assignedDate, result.decisionDate, result.urDecisionDates]).toEqual(["CM21-0078820", "2019-12-01", "2021-07-01", "2021-07-29", ["2021-06-14"]]);
    expect([result.reviewer, result.diagnoses]).toEqual([{ licensure: ["California"], specialties: ["Physical Medicine & Rehabilitation"] }, ["cervical radiculopathy, C6", "chronic pain syndrome"]]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.reviewerGuideline, d.rationale])).toEqual([
      ["Functional restoration program (FRP) evaluation", "overturned", true, "MTUS, Chronic pain programs, pages 30-32", "The criteria are met. The evaluation is medically necessary."],
    ]);
  });

  it("finds the patient's age and sex in one sentence outside a summary section that tells neither", () => {
    const text = [
      "Independent Medical Review - Final Determination",
      "Case Reference: CM17-0195530 | Decision Date: 11/06/2017",
      "Clinical History",
      "The injured worker is a 66 year old man, formerly a utility lineman, who injured his low back.",
      "Summary of Medical Records",
      "- Progress reports, 01/09/2017 through 08/28/2017",
      "Reviewer Analysis",
      "1) Aquatic therapy, 12 sessions - Non-certification upheld",
      "Rationale: The request is not medically necessary.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.patient).toEqual({ age: 66, sex: "male" });
  });

  it("takes reasons with no label, between an item's outcome and its guidelines, for its rationale", () => {
    const result = recordOf([
      "(1) Right open carpal tunnel release - UR decision overturned",
      "",
      "The criteria are met. The right open carpal tunnel release is medically necessary.",
      "",
      "Reviewer's guideline basis: ACOEM, Chapter 11, page 270.",
      "UR's guideline basis: ACOEM, Chapter 11.",
      "",
      "(2) Wrist splint - UR decision upheld",
      "Reviewer's guideline basis: ODG, Splinting.",
      "Rationale: A splint was issued in 2016. The wrist splint is not medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline, d.reviewerGuideline, d.rationale])).toEqual([
      [
        "Right open carpal tunnel release",
        "overturned",
        true,
        "ACOEM, Chapter 11.",
        "ACOEM, Chapter 11, page 270.",
        "The criteria are met. The right open carpal tunnel release is medically necessary.",
      ],
      ["Wrist splint", "upheld", false, null, "ODG, Splinting.", "A splint was issued in 2016. The wrist splint is not medically necessary."],
    ]);
  });

  it("reads requests laid out as fields, the item's own field apart from UR's", () => {
    const result = recordOf([
      "REQUEST 1 OF 2",
      "Treatment requested: Acupuncture, 6 visits, lumbar spine",
      "Utilization review: Non-certified on 01/12/2015",
      "IMR determination: Upheld - not medically necessary",
      "Reviewer comments: No gain is documented. Acupuncture is not medically necessary.",
      "REQUEST 2 OF 2",
      "Treatment requested: TENS unit, purchase",
      "Utilization review: Modified on 01/20/2015 to a second 30-day rental",
      "IMR determination: Overturned - medically necessary",
      "Reviewer comments: The trial helped. The TENS unit is medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.rationale])).toEqual([
      ["Acupuncture, 6 visits, lumbar spine", "upheld", false, "No gain is documented. Acupuncture is not medically necessary."],
      ["TENS unit, purchase", "overturned", true, "The trial helped. The TENS unit is medically necessary."],
    ]);
  });

  it("reads a pipe table's items and outcomes among its other columns, and the reasons in notes under each item's name", () => {
    const result = recordOf([
      "| No. | Requested treatment | UR action | UR date | IMR Decision | Note |",
      "|-----|---------------------|-----------|---------|--------------|------|",
      "| 1 | Chiropractic treatment, 6 visits | Non-certified | 10/04/2016 | Overturned | [1] |",
      "| 2 | Home cervical traction unit | Non-certified | 10/04/2016 | Upheld | [2] |",
      "Notes",
      "[1] Chiropractic treatment, 6 visits",
      "Reason: The flare-up is documented. Chiropractic treatment, 6 visits is medically necessary.",
      "[2] Home cervical traction unit",
      "Reason: The pain does not radiate. A home cervical traction unit is not medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.rationale])).toEqual([
      ["Chiropractic treatment, 6 visits", "overturned", true, "The flare-up is documented. Chiropractic treatment, 6 visits is medically necessary."],
      ["Home cervical traction unit", "upheld", false, "The pain does not radiate. A home cervical traction unit is not medically necessary."],
    ]);
  });

  it("reads questions put to the reviewer, each answered and its answer's basis given", () => {
    const result = recordOf([
      "Question 1: Is the following service medically necessary: Cognitive behavioral psychotherapy, 12",
      "sessions?",
      "Answer: No. The utilization review denial is upheld.",
      "Basis: No improvement is documented. The psychotherapy is not medically necessary.",
      "Guidelines applied by the reviewer: ODG, Cognitive therapy for depression.",
      "Guidelines cited by utilization review: ODG, Psychotherapy guidelines.",
      "Question 2: Is the following service medically necessary: Sertraline 100 mg #30?",
      "Answer: Yes. The utilization review denial is overturned.",
      "Basis: The sertraline is medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary, d.claimsAdministratorGuideline, d.reviewerGuideline, d.rationale])).toEqual([
      [
        "Cognitive behavioral psychotherapy, 12 sessions",
        "upheld",
        false,
        "ODG, Psychotherapy guidelines.",
        "ODG, Cognitive therapy for depression.",
        "No improvement is documented. The psychotherapy is not medically necessary.",
      ],
      ["Sertraline 100 mg #30", "overturned", true, null, null, "The sertraline is medically necessary."],
    ]);
  });

  it("reads decisions listed first, with their reasons after under each item's name", () => {
    const result = recordOf([
      "The denial of cervical epidural steroid injection at C5-6 is upheld.",
      "Physical therapy, 8 sessions: UR denial overturned",
      "Naproxen 550mg #60 — not medically necessary (UR decision upheld)",
      "Item | Decision",
      "Ketoprofen cream | Overturned",
      "Where a denial is upheld, the treatment is not medically necessary.",
      "REASONS FOR EACH DECISION",
      "Cervical epidural steroid injection at C5-6",
      "Reasons: The criteria are not met. The injection is not medically necessary.",
      "Item 2: Physical therapy, 8 sessions",
      "Reasons: Eight visits fall within the range. The therapy is medically necessary.",
      "Item 3: Naproxen 550mg #60",
      "Reasons: No relief is documented. Naproxen is not medically necessary.",
      "Ketoprofen cream",
      "Reasons: The cream is medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.medicallyNecessary])).toEqual([
      ["cervical epidural steroid injection at C5-6", "upheld", false],
      ["Physical therapy, 8 sessions", "overturned", true],
      ["Naproxen 550mg #60", "upheld", false],
      ["Ketoprofen cream", "overturned", true],
    ]);
  });

  it("reads reasons headed by a section number and the item's name, after a table and a heading that name the items", () => {
    const result = recordOf([
      "Outcome Of Each Disputed Item",
      "Item | Decision",
      "Left knee Synvisc-One injection | Overturned",
      "Tramadol ER 150mg #30 | Upheld",
      "Reasons For Each Decision",
      "III.1 Left knee Synvisc-One injection",
      "Analysis: The injection is medically necessary.",
      "III.2 Tramadol ER 150mg #30",
      "Analysis: Tramadol is not medically necessary.",
    ]);
    expect(result.decisions.map((d) => [d.item, d.outcome, d.rationale])).toEqual([
      ["Left knee Synvisc-One injection", "overturned", "The injection is medically necessary."],
      ["Tramadol ER 150mg #30", "upheld", "Tramadol is not medically necessary."],
    ]);
  });

  it.each([
    // outcomes quoted without reasons: an appeal board's decision
    ['The IMR determination read: "Lumbar fusion at L4-5 and L5-S1: Upheld". The appeal is denied.', "not-a-determination"],
    // a listing of many cases
    ["CM15-0000001: Upheld\nCM15-0000002: Upheld\nCM15-0000003: Overturned\nRationale: none given.", "not-a-determination"],
  ])("refuses %j", (decisions, code) => {
    const result = processText(letter(decisions).replace("CM15-0176530", "[redacted]"), source);
    expect(isFailure(result) ? result.error.code : "record").toBe(code);
  });
});
