/**
 * Shell completion scripts for the xmbench command line, generated from
 * commander's tree of commands, options and arguments, and the `completions`
 * command that prints them:
 *
 * ```sh
 * source <(xmbench completions bash)                        # bash, this shell
 * xmbench completions zsh > "${fpath[1]}/_xmbench"          # zsh
 * xmbench completions fish > ~/.config/fish/completions/xmbench.fish
 * ```
 *
 * Subcommands and their long and short options complete everywhere; option
 * values complete from the option's choices (or the hints given, e.g. board
 * names), file names when the value is a file (`<file>`, `<ID=FILE>`), and
 * nothing otherwise; arguments complete as file names unless they have
 * choices.
 *
 * @module
 */
import { Argument, type Command, type CommandUnknownOpts } from "@commander-js/extra-typings";

/** The shells {@linkcode completionScript} writes for. */
export const COMPLETION_SHELLS = ["bash", "zsh", "fish"] as const;

/** One of {@linkcode COMPLETION_SHELLS}. */
export type CompletionShell = typeof COMPLETION_SHELLS[number];

/** Values to offer for options whose values commander does not list, by long flag (`--board`). */
export type CompletionHints = Readonly<Record<string, readonly string[]>>;

/** What completes after an option or in an argument's place. */
type Values = { kind: "words"; words: readonly string[] } | { kind: "files" } | { kind: "none" };

interface OptionSpec {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  /** `undefined` for a flag without a value. */
  readonly value?: Values;
}

interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly args: readonly Values[];
  /** Whether the last argument takes any number of values. */
  readonly variadic: boolean;
}

const HELP: OptionSpec = { long: "--help", short: "-h", description: "display help for command" };

/** The first sentence of a description, on one line, at most 80 characters. */
function summary(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  const first = /^(.*?)[.;](\s|$)/.exec(line)?.[1] ?? line;
  return first.length > 80 ? `${first.slice(0, 77)}...` : first;
}

function commandSpecs(program: CommandUnknownOpts, hints: CompletionHints): CommandSpec[] {
  const names = program.commands.map((c) => c.name());
  const specs: CommandSpec[] = program.commands.map((c) => ({
    name: c.name(),
    description: summary(c.description()),
    options: [
      ...c.options.map((o): OptionSpec => ({
        long: o.long,
        short: o.short,
        description: summary(o.description),
        value: !o.required && !o.optional
          ? undefined
          : o.argChoices
          ? { kind: "words", words: o.argChoices }
          : o.long !== undefined && hints[o.long]
          ? { kind: "words", words: hints[o.long] }
          : /file/i.test(o.flags)
          ? { kind: "files" }
          : { kind: "none" },
      })),
      HELP,
    ],
    args: c.registeredArguments.map((a: Argument): Values =>
      a.argChoices ? { kind: "words", words: a.argChoices } : { kind: "files" }
    ),
    variadic: c.registeredArguments.at(-1)?.variadic ?? false,
  }));
  if (!names.includes("help")) {
    specs.push({
      name: "help",
      description: "display help for command",
      options: [],
      args: [{ kind: "words", words: names }],
      variadic: false,
    });
  }
  return specs;
}

const shQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

function bash(name: string, specs: readonly CommandSpec[]): string {
  const fn = `_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
  const compgen = (v: Values) =>
    v.kind === "words"
      ? `COMPREPLY=($(compgen -W ${shQuote(v.words.join(" "))} -- "$cur"))`
      : v.kind === "files"
      ? `COMPREPLY=($(compgen -f -- "$cur"))`
      : "COMPREPLY=()";
  const cases = specs.map((c) => {
    const withValue = c.options.filter((o) => o.value);
    const valueCases = withValue.map((o) =>
      `        ${[o.long, o.short].filter(Boolean).join("|")}) ${compgen(o.value!)}; return ;;`
    );
    const flags = c.options.flatMap((o) => [o.long, o.short]).filter(Boolean).join(" ");
    const withValueFlags = withValue.flatMap((o) => [o.long, o.short]).filter(Boolean);
    const argCases = c.args.map((v, i) => `        ${i}) ${compgen(v)} ;;`);
    const last = c.variadic ? c.args.at(-1) : undefined;
    return [
      `    ${c.name})`,
      ...(valueCases.length ? ['      case "$prev" in', ...valueCases, "      esac"] : []),
      '      if [[ "$cur" == -* ]]; then',
      `        COMPREPLY=($(compgen -W ${shQuote(flags)} -- "$cur"))`,
      "        return",
      "      fi",
      "      local n=0 j",
      "      for ((j = i + 1; j < COMP_CWORD; j++)); do",
      '        case "${COMP_WORDS[j]}" in',
      ...(withValueFlags.length ? [`          ${withValueFlags.join("|")}) ((j++)) ;;`] : []),
      "          -*) ;;",
      "          *) ((n++)) ;;",
      "        esac",
      "      done",
      '      case "$n" in',
      ...argCases,
      `        *) ${last ? compgen(last) : "COMPREPLY=()"} ;;`,
      "      esac",
      "      ;;",
    ].join("\n");
  });
  const top = [...specs.map((c) => c.name), "--help", "-h"].join(" ");
  return `# bash completion for ${name} (generated by \`${name} completions bash\`)
# Load it with: source <(${name} completions bash)
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  COMPREPLY=()
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W ${shQuote(top)} -- "$cur"))
    return
  fi
  case "$cmd" in
${cases.join("\n")}
  esac
}
complete -o filenames -o bashdefault -F ${fn} ${name}
`;
}

/** Text inside single quotes. */
const zshQuoted = (s: string) => s.replaceAll("'", `'\\''`);
/** Escapes text for a zsh `_arguments` spec or a `_describe` name, inside single quotes. */
const zshText = (s: string) => zshQuoted(s.replace(/([[\]:\\])/g, "\\$1"));

function zsh(name: string, specs: readonly CommandSpec[]): string {
  const action = (v: Values) =>
    v.kind === "words"
      ? `(${v.words.map(zshText).join(" ")})`
      : v.kind === "files"
      ? "_files"
      : " ";
  const cases = specs.map((c) => {
    const lines = c.options.map((o) => {
      const flags = [o.long, o.short].filter(Boolean) as string[];
      // options with a value may be repeated (--partition); flags once
      const head = flags.length > 1
        ? `(${flags.join(" ")})'{${flags.join(",")}}'`
        : `${o.value ? "*" : ""}${flags[0]}`;
      const tail = o.value
        ? `:${o.value.kind === "files" ? "file" : "value"}:${action(o.value)}`
        : "";
      return `'${head}[${zshText(o.description)}]${tail}'`;
    });
    c.args.forEach((v, i) =>
      lines.push(`'${c.variadic && i === c.args.length - 1 ? "*" : i + 1}:argument:${action(v)}'`)
    );
    return [
      `        ${c.name})`,
      `          _arguments -s ${lines.join(" \\\n            ")}`,
      "          ;;",
    ].join("\n");
  });
  const items = specs.map((c) => `    '${zshText(c.name)}:${zshQuoted(c.description)}'`);
  return `#compdef ${name}
# zsh completion for ${name} (generated by \`${name} completions zsh\`)
# Install it as _${name} in a directory of $fpath, e.g.:
#   ${name} completions zsh > "\${fpath[1]}/_${name}"
_${name}() {
  local -a commands
  commands=(
${items.join("\n")}
  )
  local state
  _arguments -C '(- *)'{--help,-h}'[display help for command]' '1: :->command' '*:: :->args'
  case $state in
    command)
      _describe -t commands '${name} command' commands
      ;;
    args)
      case $words[1] in
${cases.join("\n")}
      esac
      ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _${name} "$@"
else
  compdef _${name} ${name}
fi
`;
}

function fish(name: string, specs: readonly CommandSpec[]): string {
  const q = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const all = specs.map((c) => c.name).join(" ");
  const lines = [
    `# fish completion for ${name} (generated by \`${name} completions fish\`)`,
    `complete -c ${name} -f`,
    `complete -c ${name} -n ${q(`not __fish_seen_subcommand_from ${all}`)} -s h -l help -d ${
      q("display help for command")
    }`,
  ];
  for (const c of specs) {
    lines.push(
      `complete -c ${name} -n ${q(`not __fish_seen_subcommand_from ${all}`)} -a ${q(c.name)} -d ${
        q(c.description)
      }`,
    );
    const when = `-n ${q(`__fish_seen_subcommand_from ${c.name}`)}`;
    for (const o of c.options) {
      const flags = [
        o.long ? `-l ${o.long.replace(/^--/, "")}` : "",
        o.short ? `-s ${o.short.replace(/^-/, "")}` : "",
      ].filter(Boolean).join(" ");
      const value = !o.value
        ? ""
        : o.value.kind === "words"
        ? ` -x -a ${q(o.value.words.join(" "))}`
        : o.value.kind === "files"
        ? " -r -F"
        : " -x";
      lines.push(`complete -c ${name} ${when} ${flags}${value} -d ${q(o.description)}`);
    }
    const words = c.args.flatMap((v) => v.kind === "words" ? v.words : []);
    if (words.length) lines.push(`complete -c ${name} ${when} -a ${q(words.join(" "))}`);
    if (c.args.some((v) => v.kind === "files")) lines.push(`complete -c ${name} ${when} -F`);
  }
  return lines.join("\n") + "\n";
}

/**
 * The completion script for a shell, from the program's commands.
 *
 * @param program The root command (its name is the command completed).
 * @param shell The shell.
 * @param hints Values for options commander does not list choices for (`--board`).
 * @returns The script.
 */
export function completionScript(
  program: CommandUnknownOpts,
  shell: CompletionShell,
  hints: CompletionHints = {},
): string {
  const specs = commandSpecs(program, hints);
  const name = program.name();
  return shell === "bash"
    ? bash(name, specs)
    : shell === "zsh"
    ? zsh(name, specs)
    : fish(name, specs);
}

/**
 * Adds `completions <shell>`, which prints the completion script for bash,
 * zsh or fish on stdout.
 *
 * @param program The root command.
 * @param hints Values for options commander does not list choices for (`--board`).
 */
export function addCompletionsCommand(program: Command, hints: CompletionHints = {}): void {
  program
    .command("completions")
    .description(
      "Print a shell completion script for bash, zsh or fish on stdout. Load it with " +
        `source <(${program.name()} completions bash), or install it: ` +
        `${program.name()} completions zsh > "\${fpath[1]}/_${program.name()}", ` +
        `${program.name()} completions fish > ~/.config/fish/completions/${program.name()}.fish`,
    )
    .addArgument(new Argument("<shell>", "the shell").choices(COMPLETION_SHELLS))
    .action((shell) => {
      Deno.stdout.writeSync(new TextEncoder().encode(completionScript(program, shell, hints)));
    });
}
