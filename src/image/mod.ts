/**
 * The system configuration layer: XtratuM's XM_CF as typed data
 * ({@linkcode SystemConfig}), its diagnostics, and (as they land) the XML
 * reader and writer, the validator and the image.
 *
 * @module
 */
export * from "./config.ts";
export * from "./diagnostic.ts";
export * from "./image.ts";
export * from "./hm_tables.ts";
export * from "./check.ts";
export { readConfigXml, READER_CODES, type ReaderCode, type ReadResult } from "./xml/read.ts";
export { writeConfigXml } from "./xml/write.ts";
