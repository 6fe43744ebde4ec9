/**
 * The shape of an IMR case number, as in "CM16-0213037": two letters (CM on
 * every MAXIMUS determination seen), the two-digit year, a dash, a serial
 * number. One shape, three strictnesses, for three jobs, as regex sources
 * (case-insensitive where used):
 */

/** A value right after a "Case Number:" label: the label vouches for it, so a short serial is accepted. */
export const LABELLED_CASE_NUMBER = String.raw`[A-Z]{2}\d{2}-\d{4,8}`;

/** A case number without a label, in a line that may be a running header or footer: a serial of five digits or more. */
export const UNLABELLED_CASE_NUMBER = String.raw`[A-Z]{2}\d{2}-\d{5,8}`;

/**
 * A case number searched for anywhere in a document that has no labelled
 * one: only the MAXIMUS prefix, so that another code of the same shape in
 * the narrative is not taken for it.
 */
export const MAXIMUS_CASE_NUMBER = String.raw`CM\d{2}-\d{5,8}`;
