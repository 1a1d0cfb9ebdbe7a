/**
 * The XM_CF reader's diagnostic codes: {@linkcode READER_CODES}, the one
 * place that decides whether a reader finding is an error or a warning.
 *
 * @module
 */
import type { Severity } from "../diagnostic.ts";

/** What a reader diagnostic code means, for {@linkcode READER_CODES}. */
export interface ReaderCodeInfo {
  /** Whether the finding is an error (no configuration) or a warning. */
  readonly severity: Severity;
  /** What the reader found, in a few words. */
  readonly summary: string;
}

/**
 * Every diagnostic code {@linkcode readConfigXml} can give, with its
 * severity: the one place that decides whether a reader finding is an
 * error or a warning. (The validator's codes are `check.ts`'s `CHECKS`;
 * `missing-element` is in both.)
 */
export const READER_CODES = {
  "xml-syntax": { severity: "error", summary: "the document is not well-formed XML" },
  "wrong-root": { severity: "error", summary: "the root element is not <SystemDescription>" },
  "wrong-namespace": {
    severity: "error",
    summary: "the root's namespace is not XM_CF's (XM-Q 1.0.8)",
  },
  "unknown-element": { severity: "error", summary: "an element the schema has no place for" },
  "unknown-attribute": { severity: "error", summary: "an attribute the element does not have" },
  "missing-element": { severity: "error", summary: "a required child element is missing" },
  "missing-attribute": { severity: "error", summary: "a required attribute is missing" },
  "duplicate-element": {
    severity: "error",
    summary: "an element that may appear once appears again",
  },
  "bad-element-count": {
    severity: "error",
    summary: "a list has a number of entries XM-Q cannot take (the hypervisor's one area)",
  },
  "bad-value": {
    severity: "error",
    summary: "an attribute value that does not parse (syntax, range, name list)",
  },
  "unexpected-text": { severity: "error", summary: "non-blank text inside an element" },
  "duplicate-cost": { severity: "error", summary: "an xmbench cost given twice" },
  "stale-namespace": {
    severity: "warning",
    summary: "the XtratuM manuals' namespace xm-2.3, read as XM_CF's",
  },
  "xm3-spelling": {
    severity: "warning",
    summary: "an XtratuM 3.x spelling, read as the XM-Q construct it means",
  },
  "xm3-ignored": {
    severity: "warning",
    summary: "an XtratuM 3.x construct XM-Q has no use for, dropped",
  },
  "decimal-address": {
    severity: "warning",
    summary: "an address in decimal (XM-Q's schema wants hex), read as such",
  },
  "internal": { severity: "error", summary: "a bug in the reader, not in the file" },
} as const satisfies Record<string, ReaderCodeInfo>;

/** A diagnostic code of the reader (see {@linkcode READER_CODES}). */
export type ReaderCode = keyof typeof READER_CODES;

/** The reader's error codes (what `ElementReader`'s `error` takes). */
export type ErrorCode = {
  [K in ReaderCode]: (typeof READER_CODES)[K]["severity"] extends "error" ? K : never;
}[ReaderCode];

/** Whether a code is one of the reader's. */
export function isReaderCode(code: string): code is ReaderCode {
  return Object.hasOwn(READER_CODES, code);
}
