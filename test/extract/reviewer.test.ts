/** The reviewer's licensure and specialties as the whole pipeline reads them from small documents. */
import { describe, expect, it } from "vitest";
import { processText } from "../../src/core/process.js";
import { isFailure, type DeterminationRecord } from "../../src/record/schema.js";

const source = { path: "t.txt", sha256: "0".repeat(64) };

function reviewerOf(credentials: string): DeterminationRecord["reviewer"] {
  const text = `HOW THE IMR FINAL DETERMINATION WAS MADE\n${credentials}\nCLINICAL CASE SUMMARY\nThe injured worker is a 40 year old male.\nIMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\nAcupuncture: Upheld\nDecision rationale: The request is not medically necessary.\n`;
  const result = processText(text, source);
  if (isFailure(result)) throw new Error(result.error.message);
  return result.reviewer;
}

describe("reviewer credentials", () => {
  it.each([
    [
      "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\nCertification(s)/Specialty: Physical Medicine & Rehabilitation, Pain Medicine",
      ["California"],
      ["Physical Medicine & Rehabilitation", "Pain Medicine"],
    ],
    // a board specialty whose name holds "&" is one entry, whichever joining word it is printed with
    [
      "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\nCertification(s)/Specialty: Family Practice, Public Health & General Preventive Medicine",
      ["California"],
      ["Family Practice", "Public Health & General Preventive Medicine"],
    ],
    [
      "The expert reviewer is Board Certified in Child and Adolescent Psychiatry and is licensed to practice in California.",
      ["California"],
      ["Child and Adolescent Psychiatry"],
    ],
    ["The expert reviewer is Board Certified in Internal Medicine and Occupational Medicine and is licensed to practice in Oregon.", ["Oregon"], ["Internal Medicine", "Occupational Medicine"]],
    // "licensed in" states, not a field
    [
      "The reviewer is Board Certified in Physical Medicine and Rehabilitation, has a subspecialty in Sports Medicine and is licensed in California and Nevada.",
      ["California", "Nevada"],
      ["Physical Medicine and Rehabilitation", "Sports Medicine"],
    ],
    ["The expert reviewer is Licensed in Psychology and is licensed to practice in California.", ["California"], ["Psychology"]],
    [
      "The reviewer holds active licenses in California and Illinois and is certified by the American Board of Radiology in Diagnostic Radiology.",
      ["California", "Illinois"],
      ["Diagnostic Radiology"],
    ],
    [
      "The reviewer is licensed to practice in California and Florida, with board certification in Anesthesiology and a subspecialty certification in Pain Medicine.",
      ["California", "Florida"],
      ["Anesthesiology", "Pain Medicine"],
    ],
    ["The Expert Reviewer has the following credentials:\nLicensure: California; Nevada\nBoard Certification(s): Orthopaedic Surgery; Sports Medicine", ["California", "Nevada"], ["Orthopaedic Surgery", "Sports Medicine"]],
    ["The reviewer holds a California license and is board certified in Plastic Surgery.", ["California"], ["Plastic Surgery"]],
    ["The reviewer is licensed in California and Colorado, with a specialty in Clinical Psychology.", ["California", "Colorado"], ["Clinical Psychology"]],
    ["The reviewer is board certified in Neurology, with subspecialty certification in Clinical Neurophysiology, and is licensed to practice in Ohio.", ["Ohio"], ["Neurology", "Clinical Neurophysiology"]],
    ["The reviewer is Board Certified in Anesthesiology, has subspecialties in Pain Medicine and Addiction Medicine, and is licensed to practice in California.", ["California"], ["Anesthesiology", "Pain Medicine", "Addiction Medicine"]],
    ["Holding licenses in California and Washington, the reviewer is board certified in Physical Medicine and Rehabilitation.", ["California", "Washington"], ["Physical Medicine and Rehabilitation"]],
    ["Board Certified in Family Practice, the expert reviewer is licensed to practice in California.", ["California"], ["Family Practice"]],
    ["The expert reviewer is licensed in California and holds board certification in Neurology.", ["California"], ["Neurology"]],
    ["The reviewer is Board Certified in Anesthesiology, with a subspecialty in Pain Medicine and holds licenses to practice in California and Arizona.", ["California", "Arizona"], ["Anesthesiology", "Pain Medicine"]],
    // a signature block's line, run on into the next in the flat text; British spelling
    ["Reviewed by: [redacted], MD\nBoard Certified, Orthopaedic Surgery\nLicensed in California and Arizona\nIn active clinical practice for more than five years; no affiliation.", ["California", "Arizona"], []],
    ["The reviewer is licensed to practise medicine in California, is board certified in Family Practice.", ["California"], ["Family Practice"]],
    // a fellowship is a specialty of its own, as a subspecialty is
    ["The expert reviewer is Board Certified in Orthopedic Surgery, is Fellowship trained in Spine Surgery and is licensed to practice in California.", ["California"], ["Orthopedic Surgery", "Spine Surgery"]],
    ["The reviewer is board certified in Plastic Surgery, completed a fellowship in Hand Surgery, and is licensed to practice in Texas.", ["Texas"], ["Plastic Surgery", "Hand Surgery"]],
    // labels in other words, and two labels on one line
    ["License(s): California\nSpecialty: Chiropractic", ["California"], ["Chiropractic"]],
    ["State license(s): California\nBoard certification/specialty: Orthopaedic Surgery\nSubspecialty certification: Hand Surgery", ["California"], ["Orthopaedic Surgery", "Hand Surgery"]],
    ["Licensing State(s): California\nSpecialty: Occupational Medicine", ["California"], ["Occupational Medicine"]],
    ["Licensure: California, Arizona; Board Certification: Family Practice, Sports Medicine", ["California", "Arizona"], ["Family Practice", "Sports Medicine"]],
    ["Specialty: Internal Medicine. Licensed in: California, Florida.", ["California", "Florida"], ["Internal Medicine"]],
    // a slash between two specialties' names of two words or more parts them; within a name it does not
    ["State(s) of Licensure: California\nCertification(s)/Specialty: Orthopedic Surgery/Sports Medicine", ["California"], ["Orthopedic Surgery", "Sports Medicine"]],
    ["State(s) of Licensure: California\nCertification(s)/Specialty: Pain Medicine/Anesthesiology", ["California"], ["Pain Medicine/Anesthesiology"]],
    ["The reviewer is a physician licensed to practice in California and Oregon who is board certified in Anesthesiology.", ["California", "Oregon"], ["Anesthesiology"]],
    // a state by its postal code, in capitals, is the state's name
    ["The reviewer is board certified in Family Medicine with a subspecialty in Sports Medicine and is licensed in CA. He/she has been in practice.", ["California"], ["Family Medicine", "Sports Medicine"]],
    ["State(s) of Licensure: CA, NV\nCertification(s)/Specialty: Psychiatry", ["California", "Nevada"], ["Psychiatry"]],
    // the label alone on its line, the value on the next
    ["The Expert Reviewer has the following credentials:\nState(s) of Licensure:\nCalifornia\nCertification(s)/Specialty:\nOccupational Medicine", ["California"], ["Occupational Medicine"]],
    // a specialty wrapped onto the next line runs on; a sentence after it does not
    [
      "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\nCertification(s)/Specialty: Physical Medicine &\nRehabilitation\nThe reviewer has been in active practice",
      ["California"],
      ["Physical Medicine & Rehabilitation"],
    ],
  ])("%s", (credentials, licensure, specialties) => {
    expect(reviewerOf(credentials)).toEqual({ licensure, specialties });
  });
});
