/**
 * The system configuration layer: XtratuM's XM_CF as typed data
 * ({@linkcode SystemConfig}), its diagnostics, and (as they land) the XML
 * reader and writer, the validator and the image.
 *
 * @module
 */
export * from "./config.ts";
export * from "./diagnostic.ts";
