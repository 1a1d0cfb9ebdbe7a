/**
 * The configuration commands: `check CONFIG.xml` (the validator's issues on
 * stderr) and `xml CONFIG.xml` (the normalised XM_CF on stdout); `check
 * SCENARIO.ts` and `xml SCENARIO.ts` do the same for a scenario file's
 * system (`scenario_file.ts`).
 *
 * Exit codes: 0 no error (warnings allowed), 1 the configuration has an
 * error or a file cannot be read, 2 a usage error.
 *
 * @module
 */
import type { Command } from "@commander-js/extra-typings";
import { readConfigXml } from "../src/image/xml/read.ts";
import { writeConfigXml } from "../src/image/xml/write.ts";
import { check } from "../src/image/check.ts";
import {
  checkSummary,
  type Diagnostic,
  formatDiagnostic,
  hasErrors,
} from "../src/image/diagnostic.ts";
import type { SystemConfig } from "../src/image/config.ts";
import { checkScenarioFile, isScenarioPath, xmlOfScenarioFile } from "./scenario_file.ts";
import { readInputText } from "./input_files.ts";

/** Exit codes of the configuration commands. */
export const ConfigExit = {
  /** No error (warnings allowed). */
  OK: 0,
  /** The configuration has at least one error, or a file cannot be read. */
  INVALID: 1,
  /** Bad command line. */
  USAGE: 2,
} as const;

/** Reads and checks a configuration file; prints every diagnostic on stderr. */
function load(path: string): { config?: SystemConfig; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readInputText(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "No such file"
      : e instanceof Error
      ? e.message
      : String(e);
    console.error(`xmbench: cannot read ${path}: ${why}`);
    Deno.exit(ConfigExit.INVALID);
  }
  const read = readConfigXml(text, path);
  const diagnostics = [...read.diagnostics];
  if (read.config !== undefined) diagnostics.push(...check(read.config, read.sources));
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  return { config: read.config, diagnostics };
}

/**
 * Adds `check` and `xml` to the program.
 *
 * @param program The root command.
 */
export function addConfigCommands(program: Command): void {
  program
    .command("check")
    .description(
      "Read an XtratuM XM_CF configuration and check it as XtratuM's xmcparser does, and more; " +
        "issues go to stderr as file:line:col: severity: message [code]. Exit codes: 0 no error " +
        "(warnings allowed), 1 an error (or a file that cannot be read), 2 usage. For a scenario " +
        "file (.ts), its default export's system (a scenario or a system builder), issues named " +
        "by builder call",
    )
    .argument("<config>", "XM_CF XML file, or a scenario file (.ts, .js)")
    .action(async (path) => {
      if (isScenarioPath(path)) Deno.exit(await checkScenarioFile(path));
      const { diagnostics } = load(path);
      console.error(checkSummary(path, diagnostics));
      Deno.exit(hasErrors(diagnostics) ? ConfigExit.INVALID : ConfigExit.OK);
    });
  program
    .command("xml")
    .description(
      "Print an XM_CF configuration as normalised XML on stdout (issues on stderr); for a " +
        "scenario file (.ts), the XM_CF of its default export's system (a scenario or a system " +
        "builder), with the xmbench extension (board, programs). Exit codes: 0 printed, 1 the " +
        "configuration has an error or a file cannot be read or imported (nothing printed), " +
        "2 usage",
    )
    .argument("<config>", "XM_CF XML file, or a scenario file (.ts, .js)")
    .action(async (path) => {
      if (isScenarioPath(path)) Deno.exit(await xmlOfScenarioFile(path));
      const { config, diagnostics } = load(path);
      if (config === undefined || hasErrors(diagnostics)) Deno.exit(ConfigExit.INVALID);
      Deno.stdout.writeSync(new TextEncoder().encode(writeConfigXml(config)));
      Deno.exit(ConfigExit.OK);
    });
}
