import { describe, expect, it } from "vitest";
import { dateContext } from "../../src/extract/dates.js";
import { region } from "../../src/extract/region.js";
import { findAge, findApplicationDate, findAssignedDate, findDecisionDate, findDiagnoses, findInjuryDate, findSex, findUrDates, splitDiagnoses } from "../../src/extract/summary.js";

const r = (text: string) => region(text, 0, text.length);

describe("age and sex", () => {
  it.each([
    ["The injured worker is a 45 year old female, who sustained", 45, "female"],
    ["The patient is a 52-year-old male who sustained", 52, "male"],
    ["The claimant is a 39 y/o woman with", 39, "female"],
    ["The applicant, 58 years of age, is a gentleman who", 58, "male"],
    ["This is an 57 year old lady employed as", 57, "female"],
    ["a 61-year-old man reported neck pain", 61, "male"],
    ["The patient is a 39 y.o. male who was injured", 39, "male"],
    ["The patient is a sixty-one-year-old woman who", 61, "female"],
    // someone else's age and sex are not the patient's
    ["The claimant lives with a spouse and a 15 year old son. She is a 44 year old woman.", 44, "female"],
    ["She comes with her husband, a 40 year old man who works nights; the 36 year old woman has allodynia.", 36, "female"],
    ["He is cared for by his 72-year-old mother. The patient, 51 years of age, was injured.", 51, null],
    ["The injured worker was injured in 2009 at age 41 and has not worked since.", undefined, undefined],
    ["A male nurse changes the dressing. The claimant has neck pain.", undefined, undefined],
    // the patient's own job in apposition is no one else
    ["This warehouse supervisor, a 49 year old man, was hurt on the job.", 49, "male"],
    ["Transport is by a neighbor, a 72-year-old retired woman. The claimant has neck pain.", undefined, undefined],
  ])("%s", (text, age, sex) => {
    const found = findAge(r(text));
    expect(found?.value).toBe(age);
    expect(findSex(r(text), found?.start ?? null)?.value ?? (sex === undefined ? undefined : null)).toBe(sex);
  });
});

describe("diagnoses", () => {
  it.each([
    [
      "The diagnoses have included possible lumbar discogenic pain, possible left lumbar facet pain L4-5 and L5-S1, possible lumbar sprain/strain and constant left lumbosacral radicular pain. Treatment",
      ["possible lumbar discogenic pain", "possible left lumbar facet pain L4-5 and L5-S1", "possible lumbar sprain/strain", "constant left lumbosacral radicular pain"],
    ],
    ["He was diagnosed with neck and back pain. He", ["neck and back pain"]],
    ["The diagnoses are lumbar, hip, and neck strain. She", ["lumbar, hip, and neck strain"]],
    ["The diagnoses include bilateral carpal tunnel syndrome, right worse than left. An", ["bilateral carpal tunnel syndrome, right worse than left"]],
    [
      "The current diagnoses are major depressive disorder, single episode, moderate; posttraumatic stress disorder; and insomnia. She",
      ["major depressive disorder, single episode, moderate", "posttraumatic stress disorder", "insomnia"],
    ],
    ["The injured worker is being treated for hypertension, diabetes mellitus and chronic pain syndrome. The", ["hypertension", "diabetes mellitus", "chronic pain syndrome"]],
    ["The diagnoses are right and left shoulder sprain and lumbago. The", ["right and left shoulder sprain", "lumbago"]],
    ["She has a diagnosis of radiculopathy, cervical region (right arm). The", ["radiculopathy, cervical region (right arm)"]],
    ["The diagnoses are lumbar sprain and strain with radiculitis, L4-5 disc protrusion, and left sacroiliitis. He", ["lumbar sprain and strain with radiculitis", "L4-5 disc protrusion", "left sacroiliitis"]],
    ["The diagnoses are cervical radiculopathy, C5-6 and C6-7, and chronic pain syndrome. He", ["cervical radiculopathy, C5-6 and C6-7", "chronic pain syndrome"]],
    ["The diagnoses include strain of muscle, fascia, and tendon of lower back, subsequent encounter; dorsalgia, unspecified. The", ["strain of muscle, fascia, and tendon of lower back, subsequent encounter", "dorsalgia, unspecified"]],
    ["He is undergoing treatment for right shoulder strain right elbow contusion and tenosynovitis right wrist. On", ["right shoulder strain", "right elbow contusion", "tenosynovitis right wrist"]],
    ["The diagnoses have included mild cervical strain, bilateral hand paresthesia; low back strain. The", ["mild cervical strain", "bilateral hand paresthesia", "low back strain"]],
    // a grade, a course or a location after a comma qualifies the diagnosis before it
    [
      "The diagnoses are right knee medial meniscus tear, grade II; lumbar strain, resolved; and hypertension, well controlled. He",
      ["right knee medial meniscus tear, grade II", "lumbar strain, resolved", "hypertension, well controlled"],
    ],
    ["The diagnoses include complex regional pain syndrome, left upper extremity, and lumbar strain. The", ["complex regional pain syndrome, left upper extremity", "lumbar strain"]],
    ["The diagnoses include lumbar strain, left knee internal derangement and depression. The", ["lumbar strain", "left knee internal derangement", "depression"]],
    // a fracture's kind, a cause written as one hyphenated adjective, spinal levels with "at"
    [
      "The diagnoses are nondisplaced fracture of the left scaphoid, closed (S62.025A); gastritis, NSAID-induced; and lumbar stenosis, moderate, at L3-4 and L4-5. The",
      ["nondisplaced fracture of the left scaphoid, closed (S62.025A)", "gastritis, NSAID-induced", "lumbar stenosis, moderate, at L3-4 and L4-5"],
    ],
    ["The diagnoses include gastritis, NSAID-induced, and lumbar strain. The", ["gastritis, NSAID-induced", "lumbar strain"]],
    ["He is undergoing treatment for lumbar degenerative disc disease, multilevel, and chronic pain syndrome. The", ["lumbar degenerative disc disease, multilevel", "chronic pain syndrome"]],
    // two diagnoses joined by "and" before the qualifiers of the second; a clause of what was done after them
    [
      "She has since been diagnosed with lumbar facet arthropathy and major depressive disorder, single episode, moderate. She",
      ["lumbar facet arthropathy", "major depressive disorder, single episode, moderate"],
    ],
    ["She was diagnosed with cervical and lumbar strain and given naproxen and cyclobenzaprine. Her", ["cervical and lumbar strain"]],
    ["The diagnoses include myalgia and myositis, unspecified (729.1); and depression and anxiety, secondary to chronic pain. The", ["myalgia and myositis, unspecified (729.1)", "depression and anxiety, secondary to chronic pain"]],
    // ICD-10 titles: "with ... and ..." is one phrase; intent, "current injury" and encounters qualify
    ["The diagnoses are adjustment disorder with mixed anxiety and depressed mood; and insomnia. The", ["adjustment disorder with mixed anxiety and depressed mood", "insomnia"]],
    [
      "He is being treated for toxic effect of chlorine gas, accidental (unintentional), initial encounter and reactive airways dysfunction syndrome. The",
      ["toxic effect of chlorine gas, accidental (unintentional), initial encounter", "reactive airways dysfunction syndrome"],
    ],
    [
      "She is undergoing treatment for other tear of medial meniscus, current injury, right knee, initial encounter, and effusion, right knee. The",
      ["other tear of medial meniscus, current injury, right knee, initial encounter", "effusion, right knee"],
    ],
    ["He is being treated for a right ankle osteochondral lesion of the talus, an ankle sprain and insomnia. The", ["right ankle osteochondral lesion of the talus", "ankle sprain", "insomnia"]],
    [
      "The diagnoses include peroneal tendinitis, left leg (M76.72); post-traumatic stress disorder, chronic (309.81); and myalgia, other site. The",
      ["peroneal tendinitis, left leg (M76.72)", "post-traumatic stress disorder, chronic (309.81)", "myalgia, other site"],
    ],
    [
      "The diagnoses are trigger finger, right middle finger, and chronic migraine without aura, intractable, without status migrainosus. The",
      ["trigger finger, right middle finger", "chronic migraine without aura, intractable, without status migrainosus"],
    ],
    ["Diagnoses per the primary treating physician's progress report of 03/24/2015 include lumbar strain and insomnia. The", ["lumbar strain", "insomnia"]],
    ["Diagnoses, per the orthopedic surgeon's note of 10/14/2014: right shoulder impingement; cervical strain. The", ["right shoulder impingement", "cervical strain"]],
    ["He is being treated for right fifth metatarsal base fracture nonunion and right foot pain. The", ["right fifth metatarsal base fracture nonunion", "right foot pain"]],
    ["The diagnoses are spinal stenosis, lumbar region with neurogenic claudication; and opioid dependence, uncomplicated. The", ["spinal stenosis, lumbar region with neurogenic claudication", "opioid dependence, uncomplicated"]],
    ["Dx: 1. R carpal tunnel syndrome 2. s/p R CTR 5/16/16 3. R trigger thumb. EMG/NCV 8/2015: moderate", ["R carpal tunnel syndrome", "s/p R CTR 5/16/16", "R trigger thumb"]],
    ["The conditions for which she is being treated are left knee osteoarthritis and morbid obesity. It", ["left knee osteoarthritis", "morbid obesity"]],
    [
      "The diagnoses are spontaneous rupture of right shoulder tendon, not specified as traumatic; post-traumatic headache, unspecified, not intractable. The",
      ["spontaneous rupture of right shoulder tendon, not specified as traumatic", "post-traumatic headache, unspecified, not intractable"],
    ],
    [
      "He is undergoing treatment for traumatic iritis of the right eye, commotio retinae of the right eye, and post-traumatic dry eye syndrome, both eyes. The",
      ["traumatic iritis of the right eye", "commotio retinae of the right eye", "post-traumatic dry eye syndrome, both eyes"],
    ],
    ["The diagnoses include morbid obesity (BMI 42); and obstructive sleep apnea, by history. The", ["morbid obesity (BMI 42)", "obstructive sleep apnea, by history"]],
    // an inline numbered list whose entries end in periods
    ["Diagnoses: 1) Cervical radiculopathy. 2) Status post C5-C6 anterior cervical discectomy and fusion. 3) Depression. The", ["Cervical radiculopathy", "Status post C5-C6 anterior cervical discectomy and fusion", "Depression"]],
    // numbers in parentheses are list markers, not asides
    ["He has been treated for left shoulder impingement; cervical strain; and insomnia. He", ["left shoulder impingement", "cervical strain", "insomnia"]],
    ["He has been treated for the left knee with physical therapy. He", []],
    [
      "The diagnoses are cervical strain; and status post left shoulder arthroscopy, labral repair and biceps tenodesis on 3/2/2015. He",
      ["cervical strain", "status post left shoulder arthroscopy, labral repair and biceps tenodesis on 3/2/2015"],
    ],
    ["The diagnoses are lumbar radiculopathy, left L5, and lumbar strain. The", ["lumbar radiculopathy, left L5", "lumbar strain"]],
    [
      "The diagnoses are left middle finger digital nerve laceration, status post repair; right knee medial meniscus tear, posterior horn; and depression. The",
      ["left middle finger digital nerve laceration, status post repair", "right knee medial meniscus tear, posterior horn", "depression"],
    ],
    ["She was diagnosed with (1) lumbar radiculopathy, (2) osteoarthritis of the knee, stage 3, and (3) depression. She", ["lumbar radiculopathy", "osteoarthritis of the knee, stage 3", "depression"]],
    // a parenthetical aside is no diagnosis
    ["He has been diagnosed with, among other conditions, cervical myelopathy and lumbar post-laminectomy syndrome. It", ["cervical myelopathy", "lumbar post-laminectomy syndrome"]],
    // a bare adjective before the final "and" shares the head noun after it
    ["The diagnoses include left cubital tunnel syndrome and chronic myofascial pain of the cervical and upper thoracic region. It", ["left cubital tunnel syndrome", "chronic myofascial pain of the cervical and upper thoracic region"]],
    ["The diagnoses include hip fracture, primary osteoarthritis of left knee and morbid obesity. It", ["hip fracture", "primary osteoarthritis of left knee", "morbid obesity"]],
    // the nouns of an "of" list, whatever preposition follows them
    ["The diagnoses are strain of muscle, fascia and tendon at neck level, subsequent encounter; cervicalgia. The", ["strain of muscle, fascia and tendon at neck level, subsequent encounter", "cervicalgia"]],
    // how and when it was diagnosed is not part of the diagnosis; a procedure's date is
    ["The diagnoses are cervical myelopathy, C5-6; cervical radiculopathy, right-sided. The", ["cervical myelopathy, C5-6", "cervical radiculopathy, right-sided"]],
    ["The diagnoses include bilateral sensorineural hearing loss and subjective tinnitus. The", ["bilateral sensorineural hearing loss", "subjective tinnitus"]],
    ["The diagnoses include right knee osteoarthritis, tricompartmental; morbid obesity. The", ["right knee osteoarthritis, tricompartmental", "morbid obesity"]],
    ["She is undergoing treatment for moderate right carpal tunnel syndrome, mild left carpal tunnel syndrome and right trigger thumb. The", ["moderate right carpal tunnel syndrome", "mild left carpal tunnel syndrome", "right trigger thumb"]],
    ["He has cervical sprain/strain, tendinitis of both shoulders and myofascial pain syndrome as diagnoses. Diagnoses include cervical sprain/strain, tendinitis of both shoulders and myofascial pain syndrome. The", ["cervical sprain/strain", "tendinitis of both shoulders", "myofascial pain syndrome"]],
    ["The diagnoses are lumbar strain, unspecified and depression. The", ["lumbar strain, unspecified", "depression"]],
    ["The diagnoses are sprain of the anterior talofibular ligament of the right ankle, initial encounter and contusion of right foot. The", ["sprain of the anterior talofibular ligament of the right ankle, initial encounter", "contusion of right foot"]],
    ["The diagnoses are primary osteoarthritis, left knee and strain of medial collateral ligament of left knee, initial encounter. The", ["primary osteoarthritis, left knee", "strain of medial collateral ligament of left knee, initial encounter"]],
    ["The diagnoses are right distal radius fracture, nondisplaced; wrist contusion. The", ["right distal radius fracture, nondisplaced", "wrist contusion"]],
    ["He has cervicalgia, cervical and thoracic myofascial pain, and C5-6 and C6-7 disc protrusion as diagnoses. The diagnoses are cervicalgia, cervical and thoracic myofascial pain and muscle spasm. The", ["cervicalgia", "cervical and thoracic myofascial pain", "muscle spasm"]],
    ['The patient is being treated for "posttraumatic stress disorder, chronic; and insomnia due to other mental disorder." Subjective complaints included nightmares, crying spells. The', ["posttraumatic stress disorder, chronic", "insomnia due to other mental disorder"]],
    // someone else's diagnosis
    ["Her daughter, who was diagnosed with asthma as a child, helps her. She is undergoing treatment for lumbar strain. The", ["lumbar strain"]],
    [
      "He is being treated for occupational asthma. His wife, who worked at the same body shop, was diagnosed with hypersensitivity pneumonitis in 2012. He",
      ["occupational asthma"],
    ],
    ["She is being treated for right carpal tunnel syndrome. A coworker on the same assembly line had been diagnosed with bilateral carpal tunnel syndrome. EMG", ["right carpal tunnel syndrome"]],
    ["In 05-2016 he was diagnosed with complex regional pain syndrome by the Budapest criteria on 06-14-2016. A", ["complex regional pain syndrome"]],
    ["She was diagnosed with a left wrist TFCC tear on 7/1/2013. She", ["left wrist TFCC tear"]],
    ["The diagnoses are wrist TFCC tear, status post arthroscopic debridement on 8/2/2013. The", ["wrist TFCC tear, status post arthroscopic debridement on 8/2/2013"]],
    // terse notes open a sentence with "s/p"
    ["Current dx - lumbar radiculopathy, L4-5 HNP, and GERD d/t NSAIDs. s/p L4-5 microdiscectomy 2/2014 w/ initial improvement. PT", ["lumbar radiculopathy", "L4-5 HNP", "GERD d/t NSAIDs"]],
    // a note's impression or assessment, and diagnoses "rendered by" someone
    ["Impression: left knee medial compartment osteoarthritis; left knee and ankle sprain, resolved. A", ["left knee medial compartment osteoarthritis", "left knee and ankle sprain, resolved"]],
    ["The diagnoses rendered by the treating podiatrist are: painful retained hardware, right ankle; right peroneal tendinitis. Her mother has been diagnosed with type 2 diabetes. An", ["painful retained hardware, right ankle", "right peroneal tendinitis"]],
    ["The diagnoses are lumbar facet syndrome, obesity, BMI 34, and insomnia. An", ["lumbar facet syndrome", "obesity, BMI 34", "insomnia"]],
    ["The diagnoses are left ankle sprain, lateral ligament complex; left peroneal tendinitis. An", ["left ankle sprain, lateral ligament complex", "left peroneal tendinitis"]],
    ["Her father, age 69, was recently diagnosed with a stroke. She is being treated for right lateral epicondylitis. An", ["right lateral epicondylitis"]],
    ["The diagnoses include right wrist sprain, right ulnar impaction syndrome, and rheumatoid arthritis, non-industrial. An", ["right wrist sprain", "right ulnar impaction syndrome", "rheumatoid arthritis, non-industrial"]],
    // the sentence runs on into a clause about something else
    [
      "She is being treated for lumbar disc herniation at L5-S1, right S1 radiculopathy and lumbar facet arthropathy, which have kept her from work since 2013. An",
      ["lumbar disc herniation at L5-S1", "right S1 radiculopathy", "lumbar facet arthropathy"],
    ],
    ["She was diagnosed with cervical radiculopathy and right shoulder adhesive capsulitis, for which she has been seeing an orthopedist, and taking Norco. An", ["cervical radiculopathy", "right shoulder adhesive capsulitis"]],
    ["The diagnoses include lumbar strain, and he has been off work since. An", ["lumbar strain"]],
  ])("%s", (text, expected) => {
    expect(findDiagnoses(r(text), []).map((d) => d.text)).toEqual(expected);
  });

  it("keeps parenthesised asides whole", () => {
    expect(splitDiagnoses("rotator cuff tear (supraspinatus, articular side), and right acromioclavicular joint arthrosis").map((p) => p.text)).toEqual([
      "rotator cuff tear (supraspinatus, articular side)",
      "right acromioclavicular joint arthrosis",
    ]);
  });
});

describe("Utilization Review decision dates", () => {
  it.each([
    ["On December 8, 2014, Utilization Review non-certified a request for x-rays.", ["2014-12-08"]],
    ["On 11-3-16, utilization review determined MRI of the cervical spine was not medically necessary.", ["2016-11-03"]],
    ["A prior UR on 3-12-2015 modified a request for additional physical therapy.", ["2015-03-12"]],
    ["On 12/16/2014 an earlier Utilization Review modified an oxycodone request to allow weaning.", ["2014-12-16"]],
    ["On 2/3/2015, a second utilization review denied the request.", ["2015-02-03"]],
    ["On 01/09/2017, a separate Utilization Review non-certified the panel.", ["2017-01-09"]],
    ["The request was non-certified by Utilization Review on 9/18/2013.", ["2013-09-18"]],
    ["The UR decision dated 07/30/13 denied all of the requests.", ["2013-07-30"]],
    ["On 10/1/2015, Utilization Review certified a request for physical therapy.", []],
    ["On 10/1/2015 the treating physician requested an MRI.", []],
    ["In a determination letter dated 2/4/2016, Utilization Review modified the request for physical therapy.", ["2016-02-04"]],
    ["Utilization Review, in a decision dated 5/6/2015, non-certified the request.", ["2015-05-06"]],
    ["On 1/5/2016, and again on appeal on 2/9/2016, Utilization Review denied the request.", ["2016-01-05", "2016-02-09"]],
    ["In a report dated 3/3/2015, the treating physician requested an MRI.", []],
    ["In a Utilization Review report dated June 4, 2014, the claims administrator failed to approve a request for an MRI.", ["2014-06-04"]],
    ["A second UR, dated 07/02/2014, modified the request.", ["2014-07-02"]],
    ["The utilization review dated 05/06/2015 and 05/20/2015 non-certified the request.", ["2015-05-06", "2015-05-20"]],
    ["The request for Norco #90 was modified to #45 on 02/24/2015 by Utilization Review.", ["2015-02-24"]],
    ["The UR dated 5/6/2015 and the progress report dated 5/20/2015 both say that the request was denied.", ["2015-05-06"]],
    // a decision in another clause of the sentence does not make an approval one; that clause's own date is UR's
    ["Six sessions were certified by Utilization Review on 8/2/2013, and a request for twelve more was modified on 9/20/2013.", ["2013-09-20"]],
    ["The original Utilization Review (UR) (02-01-2017) modified the request for home health care.", ["2017-02-01"]],
    ["On 02-16-2017 the request for a CT scan of the left foot was non-certified by utilization review.", ["2017-02-16"]],
    ["On 02-16-2017 the physician requested a CT scan, which was denied by UR on 03/01/2017.", ["2017-03-01"]],
    // the decision, its object, then its date
    ["Utilization Review partially certified 8 of the 12 requested physical therapy visits on 06/26/2014.", ["2014-06-26"]],
    ["Utilization review has twice non-certified an MRI arthrogram of the right shoulder, on 06/17/2014 and on 08/05/2014.", ["2014-06-17", "2014-08-05"]],
    ["On 10/28/2013, the UR reviewer non-certified all three requests after a peer-to-peer discussion with the treating physician on 10/25/2013.", ["2013-10-28"]],
    ["On 09/02/2014, Utilization Review non-certified all four requests, and on 09/12/2014 the injured worker submitted an application for IMR.", ["2014-09-02"]],
    ["The request was reduced from 12 to 6 sessions by UR on 10/21/2014.", ["2014-10-21"]],
    // "on <date>" opens its clause, or the date is another word's
    ["After an unsuccessful peer-to-peer attempt on 04/13/2015, the utilization review physician denied the Synvisc series on 04/14/2015.", ["2015-04-14"]],
    ["An appeal was submitted on 6/20/2013, and on 7/3/2013 the UR physician upheld the modification.", ["2013-07-03"]],
    ["On 01-17-2017, the UR denial was appealed by the primary treating physician.", []],
    ["On 11/26/2014, a UR physician had non-certified the request.", ["2014-11-26"]],
    // other ways to name UR and its decision
    ["The utilization reviews of 5/20/14 and 6/10/14 each modified the request.", ["2014-05-20", "2014-06-10"]],
    ["The request was denied in the utilization review non-certification of 6/26/2013.", ["2013-06-26"]],
    ["The request was deemed not medically necessary in a 5/22/2013 UR report.", ["2013-05-22"]],
    ["A prior UR decision (12/3/15) modified the request.", ["2015-12-03"]],
    ["A prior Utilzation Review on 05-04-2015 modified a request for Norco.", ["2015-05-04"]],
    ["A prior review dated 09/20/2016 non-certified zolpidem 10 mg #30.", ["2016-09-20"]],
    ["UR 9/1/15 non-cert'd the Norco.", ["2015-09-01"]],
    ["In a determination which was issued on April 21, 2015, the Utilization Review physician recommended non-certification.", ["2015-04-21"]],
    ["Timeline: - 01-12-2016: Utilization Review certified 12 sessions of therapy - 03-08-2016: Utilization Review non-certified a brain MRI", ["2016-03-08"]],
    ["The injured worker was seen. November 18, 2016 Utilization Review modified hydromorphone to #60.", ["2016-11-18"]],
    ["A previous Utilization Review, with a decision date of 10-25-2016, non-certified the request.", ["2016-10-25"]],
    ["A utilization review (Dr. [redacted], orthopedic surgeon, 04/24/2014) modified the request.", ["2014-04-24"]],
    ["Utilization Review declined to certify all three in a decision dated 12/10/15.", ["2015-12-10"]],
    // the passive counts only in a sentence that named UR before, and not when it names who decided
    ["Utilization Review certified six visits. A request for 12 more was modified to 6 on 9/20/2013.", []],
    ["Utilization Review was consulted, and the request was denied by the WCAB judge on 9/20/2013.", []],
    // a list under a heading that names UR
    [
      "UR decisions: • 08/05/2014 – clonazepam modified from #60 to #30 • 11/25/2014 – zolpidem non-certified • 12/02/2014 – visits x 4 certified An application for IMR was received 12/08/2014.",
      ["2014-08-05", "2014-11-25"],
    ],
    ["Prior Utilization Review history: 1. 3/4/2015: MRI denied 2. 4/1/2015: therapy certified. The MRI was repeated on 5/1/2015.", ["2015-03-04"]],
    // an approval and a denial in clauses of one sentence
    ["On 8/12/2013, Utilization Review approved the cyclobenzaprine refill; on 8/20/2013, Utilization Review denied the other three requests.", ["2013-08-20"]],
    ["Visits: • 08/05/2014 – clonazepam modified • 11/25/2014 – zolpidem denied", []],
  ])("%s", (text, expected) => {
    expect(findUrDates(r(text), dateContext(text)).map((d) => d.iso)).toEqual(expected);
  });
});

describe("application date", () => {
  it.each([
    ["On January 7, 2015, the injured worker submitted an application for Independent Medical Review for review of x-rays.", "2015-01-07"],
    ["An application for Independent Medical Review was submitted on 12/28/2015.", "2015-12-28"],
    ["The injured worker filed an application for IMR on 3/15/2016.", "2016-03-15"],
    ["The applicant applied for Independent Medical Review on May 2, 2015.", "2015-05-02"],
    ["The injured worker requested Independent Medical Review on October 26, 2015.", "2015-10-26"],
    ["An Independent Medical Review application was filed on 01/19/2016.", "2016-01-19"],
    ["The IMR application, signed by the applicant's attorney, was received by the Division of Workers' Compensation on 06/03/2015.", "2015-06-03"],
    ["An application for Independent Medical Review was then submitted on the injured worker's behalf on 07/06/2015.", "2015-07-06"],
    ["Independent Medical Review was requested by the injured worker's attorney, with the application received on 05/08/2015.", "2015-05-08"],
    ["IMR app rec'd 10/5/15.", "2015-10-05"],
    ["IMR was requested by means of an application which was received on May 4, 2015.", "2015-05-04"],
    ["Timeline: - 05-19-2016: application for Independent Medical Review submitted", "2016-05-19"],
    ["The treating physician requested an MRI on 1/2/2015.", null],
    ["The request for Independent Medical Review was received on 08-02-2017.", "2017-08-02"],
    ["MAXIMUS received the IMR application on 08/07/2016.", "2016-08-07"],
    ["The case was assigned to an expert reviewer on 4-28-2015 and the application for Independent Medical Review was received on 4-24-2015.", "2015-04-24"],
    ["UR denied both requests on 1/12/16. The applicant's attorney filed for IMR on 2/2/16.", "2016-02-02"],
    // "on" then a date is the filing's date, not the start of an aside running to a later one
    ["An application for Independent Medical Review was filed on 9/6/2013 disputing the Utilization Review Denial dated 8/30/2013.", "2013-09-06"],
  ])("%s", (text, iso) => {
    expect(findApplicationDate(r(text), dateContext(text))?.iso ?? null).toBe(iso);
  });
});

describe("assignment date", () => {
  it.each([
    ["A Notice of Assignment and Request for Information was provided to the above parties on 9/23/2013.", "2013-09-23"],
    ["The Notice of Assignment was mailed to the parties on October 1, 2013.", "2013-10-01"],
    ["The records were received on 9/23/2013.", null],
    ["For the record, the case was assigned to an expert reviewer on 7/31/14, and MAXIMUS received the application on 7/28/14.", "2014-07-31"],
    ["This is the final determination in IMR case CM16-0087412, assigned for review on 04/11/2016, concerning an injury.", "2016-04-11"],
    ["Case facts: UR decision 10/30/13; IMR application received 11/12/13; assigned to the expert reviewer 11/20/13.", "2013-11-20"],
  ])("%s", (text, iso) => {
    expect(findAssignedDate(r(text), dateContext(text))?.iso ?? null).toBe(iso);
  });
});

describe("injury date", () => {
  it.each([
    ["She sustained an industrial injury on 3/4/2009 while lifting.", "2009-03-04"],
    ["The patient injured her right wrist on March 14, 2013 at work.", "2013-03-14"],
    ["Her neck pain is associated with an industrial injury of September 8, 2011.", "2011-09-08"],
    ["He has a history of an occupational claim from 11/21/2011.", "2011-11-21"],
    ["She was injured while employed as a certified nursing assistant on 11/30/2012.", "2012-11-30"],
    ["Pt is a 44 yo female assembler, DOI 2/11/15.", "2015-02-11"],
    ["A 28-year-old male produce loader. He was hurt at work on 08/14/2015 when a pallet jack pinned his foot.", "2015-08-14"],
    ["She felt a pop in her shoulder while lifting at work. Date of injury: 11/15/2014. Her diagnoses", "2014-11-15"],
    ["The treating physician requested an MRI on 1/2/2015.", null],
  ])("%s", (text, iso) => {
    expect(findInjuryDate(r(text), dateContext(text))?.iso ?? null).toBe(iso);
  });
});

describe("decision date, told", () => {
  it.each([
    ["MAXIMUS Federal Services has completed the review and issues this determination on 9/8/14.", "2014-09-08"],
    ["This determination is issued on May 19, 2016.", "2016-05-19"],
    ["The following determination, dated July 1, 2014, resolves IMR case CM14-0052702.", "2014-07-01"],
    ["The treating physician issued a determination of disability on 3/1/2014 and a report.", null],
  ])("%s", (text, iso) => {
    expect(findDecisionDate(r(text), dateContext(text))?.iso ?? null).toBe(iso);
  });
});
