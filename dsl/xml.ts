/**
 * XM_CF XML for the DSL: reading a document into a configuration with every
 * reader error in one typed error ({@linkcode XmlConfigError}). The system
 * builder turns it into a builder (`system.fromXml`, `system.fromXmlFile`)
 * and writes it back (`toXml()`, `saveXml()`), through the XML reader and
 * writer of `src/image/xml` with the xmbench extension, so that
 * DSL → XML → DSL gives a deep-equal configuration.
 *
 * @module
 */
import type { SystemConfig } from "../src/image/config.ts";
import { type Diagnostic, formatDiagnostic } from "../src/image/diagnostic.ts";
import { readConfigXml } from "../src/image/xml/read.ts";

/** An XM_CF document the reader rejects: every error and warning, each with its file, line and column. */
export class XmlConfigError extends Error {
  /** The reader's diagnostics. */
  readonly diagnostics: readonly Diagnostic[];

  /**
   * Builds the error.
   *
   * @param file The document's name.
   * @param diagnostics The reader's diagnostics.
   */
  constructor(file: string, diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error").length;
    super(
      `${file}: ${errors} error${errors === 1 ? "" : "s"} in the XM_CF document:\n${
        diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join("\n")
      }`,
    );
    this.name = "XmlConfigError";
    this.diagnostics = diagnostics;
  }
}

/** A configuration read from XML, with the reader's warnings. */
export interface XmlRead {
  /** The configuration. */
  readonly config: SystemConfig;
  /** The reader's warnings (XtratuM 3.x spellings, decimal addresses...). */
  readonly warnings: readonly Diagnostic[];
}

/**
 * Reads an XM_CF document.
 *
 * @param text The document.
 * @param file Its name, for positions (default `<xml>`).
 * @returns The configuration and the reader's warnings.
 * @throws {XmlConfigError} When the reader finds an error.
 */
export function readSystemXml(text: string, file = "<xml>"): XmlRead {
  const r = readConfigXml(text, file);
  if (r.config === undefined) throw new XmlConfigError(file, r.diagnostics);
  return { config: r.config, warnings: r.diagnostics };
}

/**
 * Reads an XM_CF file.
 *
 * @param path The file.
 * @returns The configuration and the reader's warnings.
 * @throws {XmlConfigError} When the reader finds an error.
 * @throws {Deno.errors.NotFound} When the file does not exist.
 */
export async function readSystemXmlFile(path: string): Promise<XmlRead> {
  return readSystemXml(await Deno.readTextFile(path), path);
}
