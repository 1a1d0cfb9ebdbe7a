/**
 * `xmbench completions bash|zsh|fish` (`cli/completions.ts`), run as a
 * subprocess: every script is valid for its shell (`bash -n`, `zsh -n`,
 * `fish -n`; zsh and fish checks are skipped with a message when the shell
 * is missing) and names every subcommand of `xmbench --help`; the bash
 * script, loaded into bash, completes subcommands, options, option choices
 * (boards, trace formats) and files. Scripts for a made-up program check
 * choices, repeatable options and variadic arguments.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Argument, Command, Option } from "@commander-js/extra-typings";
import { completionScript } from "../../cli/completions.ts";
import { hasCommand } from "./tools.ts";

const CLI = new URL("../../cli.ts", import.meta.url).pathname;

function xmbench(...args: string[]): { code: number; stdout: string; stderr: string } {
  const out = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  const d = new TextDecoder();
  return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
}

/** The subcommands `xmbench --help` lists. */
const SUBCOMMANDS = (() => {
  const help = xmbench("--help").stdout;
  const start = help.indexOf("Commands:");
  const end = help.indexOf("\n\n", start);
  const section = help.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]);
})();

const SHELLS = { bash: true, zsh: hasCommand("zsh", ["-c", "true"]), fish: hasCommand("fish") };
for (const [shell, have] of Object.entries(SHELLS)) {
  if (!have) console.warn(`completions_test: ${shell} -n skipped: install ${shell} to check it`);
}

/** Checks a script's syntax with `shell -n`. */
async function syntaxCheck(shell: string, script: string): Promise<void> {
  const file = await Deno.makeTempFile({ prefix: "xmbench-completions-", suffix: `.${shell}` });
  try {
    await Deno.writeTextFile(file, script);
    const out = await new Deno.Command(shell, { args: ["-n", file], stderr: "piped" }).output();
    assert.equal(out.code, 0, `${shell} -n: ${new TextDecoder().decode(out.stderr)}`);
  } finally {
    await Deno.remove(file);
  }
}

/** What the bash script completes for each command line (the last word being completed). */
async function bashComplete(script: string, lines: readonly string[][]): Promise<string[]> {
  const q = (w: string) => `'${w.replaceAll("'", `'\\''`)}'`;
  const driver = [
    script,
    'comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _xmbench; ' +
    'echo "${COMPREPLY[*]}"; }',
    ...lines.map((l) => `comp ${l.map(q).join(" ")}`),
  ].join("\n");
  const out = await new Deno.Command("bash", {
    args: ["-c", driver],
    cwd: new URL("../fixtures/xal_build/", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).split("\n").slice(0, -1);
}

Deno.test("completions: xmbench --help lists the subcommands", () => {
  for (const c of ["bare", "disasm", "check", "xml", "run", "completions"]) {
    assert.ok(SUBCOMMANDS.includes(c), `${c} not in ${SUBCOMMANDS}`);
  }
});

for (const [shell, have] of Object.entries(SHELLS)) {
  Deno.test({
    name: `completions: the ${shell} script is valid and names every subcommand`,
    ignore: !have,
    async fn() {
      const r = xmbench("completions", shell);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, "");
      await syntaxCheck(shell, r.stdout);
      for (const c of SUBCOMMANDS) {
        assert.match(r.stdout, new RegExp(`(^|[\\s'(])${c}([\\s')]|:)`, "m"), `${shell}: ${c}`);
      }
    },
  });
}

Deno.test("completions: the bash script completes commands, options, choices and files", async () => {
  const script = xmbench("completions", "bash").stdout;
  const got = await bashComplete(script, [
    ["xmbench", ""],
    ["xmbench", "di"],
    ["xmbench", "bare", "--b"],
    ["xmbench", "bare", "--board", ""],
    ["xmbench", "run", "hello.xml", "--for", "40ms", "--part"],
    ["xmbench", "run", "hello.xml", "--partition", "0=hel"],
    ["xmbench", "trace", "t.jsonl", "--format", ""],
    ["xmbench", "completions", ""],
    ["xmbench", "check", "hello.x"],
    ["xmbench", "check", "hello.xml", ""],
    ["xmbench", "help", "ch"],
  ]);
  assert.deepEqual(got, [
    [...SUBCOMMANDS, "--help", "-h"].join(" "),
    "disasm",
    "--board",
    "qemu-leon3-generic leon3-grlib",
    "--partition",
    "", // the ID= prefix is the user's: no file starts with "0=hel"
    "text perfetto vcd",
    "bash zsh fish",
    "hello.xml",
    "", // check takes one configuration
    "check",
  ]);
});

Deno.test("completions: a bad shell is a usage error", () => {
  const r = xmbench("completions", "tcsh");
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish/,
  );
});

Deno.test("completions: choices, hints, repeatable options and variadic arguments", async () => {
  const program = new Command().name("tool");
  program.command("go").description("Go somewhere: far. Or near")
    .argument("<files...>", "inputs")
    .addOption(new Option("--mode <m>", "how").choices(["fast", "slow"]))
    .option("--out <file>", "where it's written [default: stdout]")
    .option("--cpu <name>", "which cpu")
    .option("-v, --verbose", "say more");
  program.command("pick").addArgument(new Argument("<what>").choices(["a", "b"]));
  const hints = { "--cpu": ["leon3", "leon4"] };
  const bash = completionScript(program, "bash", hints);
  const zsh = completionScript(program, "zsh", hints);
  const fish = completionScript(program, "fish", hints);
  await syntaxCheck("bash", bash);
  if (SHELLS.zsh) await syntaxCheck("zsh", zsh);
  if (SHELLS.fish) await syntaxCheck("fish", fish);
  assert.match(bash, /--mode\) COMPREPLY=\(\$\(compgen -W 'fast slow'/);
  assert.match(bash, /--cpu\) COMPREPLY=\(\$\(compgen -W 'leon3 leon4'/);
  assert.match(bash, /--out\) COMPREPLY=\(\$\(compgen -f/);
  assert.match(bash, /\*\) COMPREPLY=\(\$\(compgen -f -- "\$cur"\)\) ;;/); // files... repeats
  assert.match(zsh, /'go:Go somewhere: far'$/m);
  assert.match(zsh, /'\*--out\[where it'\\''s written \\\[default\\: stdout\\\]\]:file:_files'/);
  assert.match(zsh, /'\(--verbose -v\)'\{--verbose,-v\}'\[say more\]'/);
  assert.match(zsh, /'\*:argument:_files'/);
  assert.match(zsh, /'1:argument:\(a b\)'/);
  assert.match(fish, /-l mode -x -a 'fast slow'/);
  assert.match(fish, /-l verbose -s v -d 'say more'/);
});
