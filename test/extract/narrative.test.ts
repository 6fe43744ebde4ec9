/** Narrative facts as the whole pipeline reads them from small documents, where the lines matter. */
import { describe, expect, it } from "vitest";
import { processText } from "../../src/core/process.js";
import { isFailure, type DeterminationRecord } from "../../src/record/schema.js";

const source = { path: "t.txt", sha256: "0".repeat(64) };

function recordOf(summary: string): DeterminationRecord {
  const text = `HOW THE IMR FINAL DETERMINATION WAS MADE\nThe Expert Reviewer has the following credentials:\nState(s) of Licensure: California\nCertification(s)/Specialty: Internal Medicine\nCLINICAL CASE SUMMARY\n${summary}\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\nAcupuncture: Upheld\nDecision rationale: The request is not medically necessary.\n`;
  const result = processText(text, source);
  if (isFailure(result)) throw new Error(result.error.message);
  return result;
}

describe("diagnosis lists on lines of their own", () => {
  it.each([
    // an unmarked list: one entry a line, ended by the prose that follows
    [
      "She is a 55 year old female. The diagnoses are:\nLumbar DJD\nLumbar radiculopathy, left L5\nObesity\nShe has had physical therapy, chiropractic care, a lumbar epidural steroid injection and medications.",
      ["Lumbar DJD", "Lumbar radiculopathy, left L5", "Obesity"],
    ],
    // a short prose line that runs on is not an entry
    [
      "She is a 55 year old female. The diagnoses are:\nLumbar DJD\nObesity\nShe has had physical therapy,\nchiropractic care and medications.",
      ["Lumbar DJD", "Obesity"],
    ],
    // a numbered entry wrapped after a comma
    [
      "She is a 50 year old female. Diagnoses:\n1. Cervical sprain/strain with degenerative disc disease,\nC5-6, C6-7\n2. Sleep disturbance, secondary to pain\nShe has been treated with medications.",
      ["Cervical sprain/strain with degenerative disc disease, C5-6, C6-7", "Sleep disturbance, secondary to pain"],
    ],
    // bullets of other fonts: Word's Symbol bullet (private use) before a tab, a square
    [
      "She is a 33 year old lady. The diagnoses are:\n\uF0B7\tRight carpal tunnel syndrome, moderate to severe\n\u25AA Left carpal tunnel syndrome, mild\nTreatment to date has included splints.",
      ["Right carpal tunnel syndrome, moderate to severe", "Left carpal tunnel syndrome, mild"],
    ],
    // the introduction wrapped before its colon
    [
      "He is a 40 year old male with low back pain radiating to the left leg. The current diagnoses\nare:\n- Lumbar disc herniation L4-5\n- Insomnia secondary to chronic pain\nAn MRI of the lumbar spine showed a protrusion.",
      ["Lumbar disc herniation L4-5", "Insomnia secondary to chronic pain"],
    ],
    // lettered entries, ended by the next labelled list
    [
      "He is a 57 year old male. Working diagnoses:\n(a) lumbar spondylolisthesis, L4-L5, grade I\n(b) hypertension, controlled\nImaging and testing:\n(a) lumbar MRI 01-09-2015: grade I anterolisthesis\nHe is not working.",
      ["lumbar spondylolisthesis, L4-L5, grade I", "hypertension, controlled"],
    ],
    // introduced by "undergoing treatment for:", ended by the next label
    [
      "She is a 44 year old female.\nShe is undergoing treatment for:\n- post-concussion syndrome\n- cervical sprain/strain\nTimeline:\n- 05-03-2015: seen in the emergency department",
      ["post-concussion syndrome", "cervical sprain/strain"],
    ],
    // or after one
    [
      "She is a 39 y/o female. Diagnoses include:\n1) Incomplete rotator cuff tear of right shoulder, not specified as traumatic; 2)\nImpingement syndrome of right shoulder; 3) Bursitis of right shoulder. Conservative care\nconsisted of physical therapy.",
      ["Incomplete rotator cuff tear of right shoulder, not specified as traumatic", "Impingement syndrome of right shoulder", "Bursitis of right shoulder"],
    ],
    // an inline numbered list whose lines happen to break before a number is still read inline
    [
      "Pt is a 44 yo female. Dx:\n1. R carpal\ntunnel syndrome 2. s/p R CTR 5/16/16 3. R trigger thumb 4.\nL CTS, mild per EDS. EMG/NCV 8/2015:\nmoderate R median neuropathy at wrist.",
      ["R carpal tunnel syndrome", "s/p R CTR 5/16/16", "R trigger thumb", "L CTS, mild per EDS"],
    ],
  ])("%s", (summary, diagnoses) => {
    expect(recordOf(summary).diagnoses).toEqual(diagnoses);
  });
});

describe("UR decisions told outside the case summary", () => {
  it("reads a UR decision date a rationale states", () => {
    const text = [
      "CLINICAL CASE SUMMARY",
      "She is a 55 year old female. On 03/24/2015, Utilization Review non-certified the request.",
      "IMR ISSUES, DECISIONS AND RATIONALES",
      "The Final Determination was based on decisions for the disputed items/services set forth below:",
      "TENS unit purchase: Upheld",
      "Decision rationale: The history is as follows: the 10/02/2014 UR decision on the purchase request non-certified it;",
      "on 10/05/2014 the treating physician requested it again. The request is not medically necessary.",
      "",
    ].join("\n");
    const result = processText(text, source);
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.urDecisionDates).toEqual(["2014-10-02", "2015-03-24"]);
  });
});
