/**
 * The xmbench command line.
 *
 * ```sh
 * deno run -A cli.ts bare PROG.elf [--board NAME] [--max-cycles N] [--trace FILE] [--uart-input FILE]
 * deno run -A cli.ts disasm PROG.elf
 * deno run -A cli.ts demo
 * deno run -A cli.ts check CONFIG.xml
 * deno run -A cli.ts xml CONFIG.xml|SCENARIO.ts
 * deno run -A cli.ts run CONFIG.xml --partition ID=FILE.c[,FILE2.c...] [--partition ...] [--board NAME] --for DURATION [--trace FILE]
 * deno run -A cli.ts run SCENARIO.ts [--for DURATION] [--trace FILE] [--report FILE.html]
 * deno run -A cli.ts trace FILE [--format text|perfetto|vcd] [--out FILE]
 * deno run -A cli.ts report FILE [--config CONFIG.xml] [--out FILE.html]
 * deno run -A cli.ts completions bash|zsh|fish
 * ```
 *
 * Results go to stdout, diagnostics to stderr. Exit codes: 0 success, 1
 * invalid input or configuration, 2 usage, 3 a scenario's assertion failed;
 * `bare` has its own ({@linkcode BareExit}).
 *
 * @module
 */
import { Command, CommanderError, InvalidArgumentError } from "@commander-js/extra-typings";
import { ElfError, readElf } from "./src/asm/elf.ts";
import { BareExit } from "./src/bare/exit_codes.ts";
import { DEFAULT_MAX_CYCLES, runBare } from "./src/bare/run.ts";
import { disassembleElf } from "./src/bare/listing.ts";
import { trapName } from "./src/cpu/traps.ts";
import { demo } from "./src/bare/demo.ts";
import { BOARDS, DEFAULT_BOARD } from "./src/cpu/board/boards.ts";
import { addConfigCommands, ConfigExit } from "./cli/config_commands.ts";
import { addRunCommand } from "./cli/run_command.ts";
import { addTraceCommand } from "./cli/trace_command.ts";
import { addReportCommand } from "./cli/report_command.ts";
import { addCompletionsCommand } from "./cli/completions.ts";
import { readInputFile } from "./cli/input_files.ts";

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}

function parseCount(value: string): number {
  const n = Number(value.replaceAll("_", ""));
  if (!/^[0-9_]+(e[0-9]+)?$/i.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new InvalidArgumentError("Expected a positive whole number, e.g. 1000000 or 1e9");
  }
  return n;
}

/**
 * Reads a file, or explains on stderr why it cannot and exits with `failure`
 * (`bare`'s load-error code by default).
 */
function readProgram(path: string, failure: number = BareExit.LOAD_ERROR) {
  let bytes: Uint8Array;
  try {
    bytes = readInputFile(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "No such file"
      : e instanceof Error
      ? e.message
      : String(e);
    console.error(`xmbench: cannot read ${path}: ${why}`);
    Deno.exit(failure);
  }
  try {
    return readElf(bytes, path);
  } catch (e) {
    if (e instanceof ElfError) {
      console.error(`xmbench: ${e.message}`);
      Deno.exit(failure);
    }
    throw e;
  }
}

function parseBoard(value: string): string {
  if (BOARDS.has(value)) return value;
  throw new InvalidArgumentError(
    `unknown board "${value}"; boards: ${[...BOARDS.keys()].join(", ")}`,
  );
}

const program = new Command()
  .name("xmbench")
  .description("A deterministic LEON3 / XtratuM testbench")
  .showHelpAfterError("(xmbench COMMAND --help shows how to use a command)")
  .addHelpText(
    "after",
    `
Every command: results on stdout, diagnostics on stderr. Exit codes: 0 success
(warnings allowed; for run, whatever the partitions did), 1 invalid input or
configuration, 2 usage error, 3 a scenario's assertion failed. Exception: bare
has its own codes (see xmbench bare --help).

Examples:
  xmbench run scenarios/hello.ts            run a scenario file and its checks
  xmbench xml scenarios/hello.ts            its system as XtratuM XM_CF
  xmbench check xm_cf.xml                   check an XM_CF configuration
  xmbench run xm_cf.xml --partition 0=p0.c --for 100ms`,
  );

program
  .command("bare")
  .description(
    "Run a SPARC ELF program on an emulated LEON3 board from QEMU leon3_generic's post-boot state; " +
      "only the UART goes to stdout. Exit codes: 0 program ended (ta 0 with traps disabled), " +
      "1 usage, 2 error mode (another trap with traps disabled), 3 cycle limit, " +
      "4 cannot load the program, 5 power-down with nothing to wake the processor",
  )
  .argument("<program>", "ELF32 SPARC executable")
  .option("--max-cycles <n>", "stop after this many cycles", parseCount, DEFAULT_MAX_CYCLES)
  .option("--trace <file>", "write one line per executed instruction to FILE")
  .option(
    "--board <name>",
    `the board profile: ${[...BOARDS.keys()].join(", ")}`,
    parseBoard,
    DEFAULT_BOARD.name,
  )
  .option(
    "--uart-input <file>",
    "bytes of FILE arrive on the UART's receive line from the start (at its line rate)",
  )
  .action((path, opts) => {
    const image = readProgram(path);
    const board = BOARDS.get(opts.board)!;
    let uartInput: Uint8Array | undefined;
    if (opts.uartInput !== undefined) {
      try {
        uartInput = Deno.readFileSync(opts.uartInput);
      } catch (e) {
        console.error(
          `xmbench: cannot read ${opts.uartInput}: ${e instanceof Error ? e.message : e}`,
        );
        Deno.exit(BareExit.USAGE);
      }
    }
    const noticed: string[] = [];
    const out: number[] = [];
    const flush = () => {
      if (out.length) Deno.stdout.writeSync(Uint8Array.from(out.splice(0)));
    };
    const uart = (b: number) => {
      out.push(b);
      if (b === 10 || out.length >= 4096) flush();
    };
    let traceFile: Deno.FsFile | undefined;
    const encoder = new TextEncoder();
    let pending: string[] = [];
    const trace = opts.trace === undefined ? undefined : (line: string) => {
      pending.push(line);
      if (pending.length >= 4096) {
        traceFile!.writeSync(encoder.encode(pending.join("\n") + "\n"));
        pending = [];
      }
    };
    if (opts.trace !== undefined) {
      try {
        traceFile = Deno.openSync(opts.trace, { write: true, create: true, truncate: true });
      } catch (e) {
        console.error(`xmbench: cannot write ${opts.trace}: ${e instanceof Error ? e.message : e}`);
        Deno.exit(BareExit.USAGE);
      }
    }
    let result;
    try {
      result = runBare(image, {
        uart,
        maxCycles: opts.maxCycles,
        trace,
        board,
        uartInput: uartInput === undefined ? undefined : [{ at: 0, bytes: uartInput }],
        notice: (m) => noticed.push(m),
      });
    } catch (e) {
      if (e instanceof RangeError) {
        console.error(`xmbench: cannot load ${path}: ${e.message}`);
        Deno.exit(BareExit.LOAD_ERROR);
      }
      throw e;
    }
    flush();
    if (traceFile) {
      if (pending.length) traceFile.writeSync(encoder.encode(pending.join("\n") + "\n"));
      traceFile.close();
    }
    for (const m of noticed) console.error(`note: ${m}`);
    const o = result.outcome;
    console.error(`instructions: ${result.instructions}`);
    console.error(`cycles: ${result.cycles}`);
    switch (o.kind) {
      case "exit":
        console.error("halt: exit (ta 0 with traps disabled)");
        Deno.exit(BareExit.EXIT);
        break;
      case "error-mode": {
        console.error(
          `halt: error mode: trap 0x${o.tt.toString(16).padStart(2, "0")} (${
            trapName(o.tt)
          }) with traps disabled at pc=${hex8(o.pc)} npc=${hex8(o.npc)}`,
        );
        const r = result.registers;
        for (let row = 0; row < 4; row++) {
          const names = ["g", "o", "l", "i"][row];
          console.error(
            `  %${names}0-7: ${r.slice(row * 8, row * 8 + 8).map(hex8).join(" ")}`,
          );
        }
        console.error(`  psr: ${hex8(result.psr)}`);
        Deno.exit(BareExit.ERROR_MODE);
        break;
      }
      case "cycle-limit":
        console.error(`halt: cycle limit (${opts.maxCycles} cycles)`);
        Deno.exit(BareExit.CYCLE_LIMIT);
        break;
      case "power-down":
        console.error(`halt: power-down at pc=${hex8(o.pc)} with nothing to wake the processor`);
        Deno.exit(BareExit.POWER_DOWN);
    }
  });

program
  .command("disasm")
  .description(
    "Disassemble the executable sections of a SPARC ELF program, as objdump -d does. Exit " +
      "codes: 0 printed, 1 the program cannot be read, 2 usage",
  )
  .argument("<program>", "ELF32 SPARC executable")
  .action((path) => {
    const image = readProgram(path, 1);
    Deno.stdout.writeSync(new TextEncoder().encode(disassembleElf(image, path)));
  });

program
  .command("demo")
  .description("Run a small SPARC program on the emulated LEON3 and show what it printed")
  .action(() => {
    const programs = ["hello", "recursion", "muldiv"].map((name) => {
      const url = new URL(`./tests/fixtures/sparc/${name}.elf`, import.meta.url);
      if (url.protocol !== "file:") {
        // the test programs are not published with the package
        console.error(
          "xmbench: the demo runs the repository's test programs: run it from a clone " +
            "(deno task demo); a scenario shows xmbench as well (see the README)",
        );
        Deno.exit(1);
      }
      return { name, image: readProgram(decodeURIComponent(url.pathname), 1) };
    });
    Deno.exit(demo(programs, (t) => Deno.stdout.writeSync(new TextEncoder().encode(t))));
  });

addConfigCommands(program);
addRunCommand(program);
addTraceCommand(program);
addReportCommand(program);
addCompletionsCommand(program, { "--board": [...BOARDS.keys()] });

if (import.meta.main) {
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync(Deno.args, { from: "user" });
  } catch (e) {
    // the reader of stdout went away (`xmbench trace RUN | head`): stop quietly, as Unix tools do
    if (e instanceof Deno.errors.BrokenPipe) Deno.exit(0);
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0) Deno.exit(0); // --help, --version
    // commander has printed the usage error: exit 2, the command line's convention (README,
    // "The command line"), but for `bare`, whose own codes give 1 to usage errors
    Deno.exit(Deno.args[0] === "bare" ? e.exitCode : ConfigExit.USAGE);
  }
}
