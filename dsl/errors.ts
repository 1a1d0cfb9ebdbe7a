/**
 * The DSL's errors: a bad argument to a builder call ({@linkcode DslError},
 * thrown by the call itself or when the configuration is assembled), and a
 * configuration the validator rejects ({@linkcode SystemCheckError}, thrown
 * by `compile()` with every diagnostic, each named by its builder call).
 *
 * @module
 */
import { type Diagnostic, formatDiagnostic } from "../src/image/diagnostic.ts";

/**
 * A bad argument to a builder call. The message names the call, the field
 * and what was expected, e.g. `system("demo").partition(1, "P1").area(…):
 * size "64QB": expected a number with a unit B, KB or MB (e.g. 128KB)`.
 */
export class DslError extends Error {
  /** The builder call, e.g. `system("demo").partition(1, "P1").area(0x40100000, "64QB")`. */
  readonly call: string;
  /** What is wrong, expected versus found. */
  readonly problem: string;

  /**
   * Builds the error.
   *
   * @param call The builder call.
   * @param problem What is wrong.
   */
  constructor(call: string, problem: string) {
    super(`${call}: ${problem}`);
    this.name = "DslError";
    this.call = call;
    this.problem = problem;
  }
}

/** A diagnostic of the validator, with the builder call its path maps to. */
export interface DslDiagnostic extends Diagnostic {
  /** The builder call the diagnostic is about, e.g. `system("demo").partition(1, "P1").area(0) start`. */
  readonly call: string;
}

/**
 * Formats a DSL diagnostic as one line: `call: severity: message [code]`.
 *
 * @param d The diagnostic.
 * @returns The line, without a newline.
 */
export function formatDslDiagnostic(d: DslDiagnostic): string {
  return formatDiagnostic({ ...d, position: undefined, path: d.call });
}

/**
 * The validator found errors in a system built with the DSL: every
 * diagnostic (errors and warnings) is in {@linkcode SystemCheckError.diagnostics},
 * and the message lists them one per line.
 */
export class SystemCheckError extends Error {
  /** Every diagnostic, errors and warnings, in document order. */
  readonly diagnostics: readonly DslDiagnostic[];

  /**
   * Builds the error.
   *
   * @param system The system's name.
   * @param diagnostics Every diagnostic of the check.
   */
  constructor(system: string, diagnostics: readonly DslDiagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(
      `system ${JSON.stringify(system)} has ${errors.length} configuration error${
        errors.length === 1 ? "" : "s"
      }:\n${diagnostics.map((d) => `  ${formatDslDiagnostic(d)}`).join("\n")}`,
    );
    this.name = "SystemCheckError";
    this.diagnostics = diagnostics;
  }

  /** The errors only. */
  get errors(): readonly DslDiagnostic[] {
    return this.diagnostics.filter((d) => d.severity === "error");
  }
}

const recorded = new WeakMap<object, DslError[]>();

/**
 * Records a builder mistake on the builder that made it (builders never
 * throw: `config()`, `check()`, `compile()`, `toXml()` and `run()` throw
 * every recorded mistake at once).
 *
 * @param builder The builder.
 * @param error The mistake.
 */
export function recordError(builder: object, error: DslError): void {
  const list = recorded.get(builder);
  if (list === undefined) recorded.set(builder, [error]);
  else list.push(error);
}

/**
 * The mistakes recorded on a builder, in the order they were made.
 *
 * @param builder The builder.
 * @returns Its recorded errors.
 */
export function recordedErrors(builder: object): readonly DslError[] {
  return recorded.get(builder) ?? [];
}

/**
 * Makes builder methods record a {@linkcode DslError} on the builder and
 * return it instead of throwing.
 *
 * @param proto The builder class's prototype.
 * @param methods The methods to change.
 */
export function recordInsteadOfThrowing(proto: object, methods: readonly string[]): void {
  const p = proto as Record<string, unknown>;
  for (const name of methods) {
    const original = p[name];
    if (typeof original !== "function") continue;
    p[name] = function (this: object, ...args: unknown[]): unknown {
      try {
        return original.apply(this, args);
      } catch (e) {
        if (!(e instanceof DslError)) throw e;
        recordError(this, e);
        return this;
      }
    };
  }
}

/**
 * One error for several builder mistakes: the first's call and problem, and
 * a message listing every one (`call: problem`, one per line). A single
 * mistake is thrown as it is.
 *
 * @param errors The mistakes (at least one).
 * @returns The error to throw.
 */
export function combineDslErrors(errors: readonly DslError[]): DslError {
  if (errors.length === 1) return errors[0];
  const e = new DslError(errors[0].call, errors[0].problem);
  e.message = `${errors.length} builder errors:\n${errors.map((x) => `  ${x.message}`).join("\n")}`;
  (e as { errors?: readonly DslError[] }).errors = errors;
  return e;
}
