/**
 * Diagnostics: every problem the XML reader or the validator finds, in one
 * shape and one house style.
 *
 * The style: a message says what is wrong with what, then what was expected
 * and what was found, e.g. `memory area start must be a multiple of 4 KiB:
 * expected 0x40081000 or 0x40082000, found 0x40081234`. The element and
 * attribute are named by the position (`file:line:col`) or, without a
 * source, by the path.
 *
 * @module
 */
import type { ConfigPath, SourceMap, SourcePosition } from "./config.ts";

/** How bad a problem is: errors stop a configuration from loading, warnings do not. */
export type Severity = "error" | "warning";

/** One problem. */
export interface Diagnostic {
  /** Error or warning. */
  readonly severity: Severity;
  /** A stable identifier (e.g. `area-alignment`), for tests and for suppressing. */
  readonly code: string;
  /** The element (and attribute) it is about. */
  readonly path?: ConfigPath;
  /** Where that is in the source file, when the configuration came from one. */
  readonly position?: SourcePosition;
  /** What is wrong, expected versus found (see the module documentation). */
  readonly message: string;
}

/**
 * Formats a diagnostic as one line: `file:line:col: error: message [code]`,
 * or `path: error: message [code]` without a source position.
 *
 * @param d The diagnostic.
 * @returns The line, without a newline.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position
    ? `${d.position.file}:${d.position.line}:${d.position.column}`
    : d.path ?? "<config>";
  return `${where}: ${d.severity}: ${d.message} [${d.code}]`;
}

/**
 * Attaches source positions to diagnostics that have a path: the path's own
 * position, or that of the nearest enclosing element the map knows.
 *
 * @param diagnostics The diagnostics.
 * @param sources Where each path came from.
 * @returns New diagnostics with `position` set where it could be found.
 */
export function locate(diagnostics: readonly Diagnostic[], sources: SourceMap): Diagnostic[] {
  return diagnostics.map((d) => {
    if (d.position !== undefined || d.path === undefined) return d;
    let path: string | undefined = d.path;
    while (path) {
      const position = sources.get(path);
      if (position) return { ...d, position };
      path = parentPath(path);
    }
    return d;
  });
}

/** The enclosing element of a path (`A/B[1]@x` → `A/B[1]` → `A`), or undefined at the root. */
function parentPath(path: ConfigPath): ConfigPath | undefined {
  const at = path.lastIndexOf("@");
  if (at >= 0) return path.slice(0, at);
  const slash = path.lastIndexOf("/");
  return slash >= 0 ? path.slice(0, slash) : undefined;
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly { readonly severity: Severity }[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * The summary line `check` ends with: `FILE: N errors, M warnings`.
 *
 * @param file The file checked.
 * @param diagnostics Its diagnostics (anything with a severity).
 * @returns The line, without a newline.
 */
export function checkSummary(
  file: string,
  diagnostics: readonly { readonly severity: Severity }[],
): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${file}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${
    warnings === 1 ? "" : "s"
  }`;
}
