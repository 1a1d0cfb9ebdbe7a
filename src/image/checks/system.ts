/**
 * The checks of the system itself: its version and its name.
 *
 * @module
 */
import { attributePath } from "../config.ts";
import type { Checker } from "./context.ts";
import { quote } from "./format.ts";

/** The system: its version is N.N.N, its name a valid name. */
export function checkSystem(c: Checker): void {
  const { version, name } = c.config;
  if (!/^[0-9]+\.[0-9]+\.[0-9]+$/.test(version)) {
    c.report(
      "version-format",
      attributePath("", "version"),
      `system version must be three numbers separated by dots: expected e.g. "1.0.0", found ${
        quote(version)
      }`,
    );
  }
  c.name(name, attributePath("", "name"), "system name");
}
