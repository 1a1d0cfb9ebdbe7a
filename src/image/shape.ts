/**
 * The structural validator: does a JSON value have {@linkcode SystemConfig}'s
 * shape? Each shape returns the first problem as `path: expected X, found Y`,
 * or undefined. The type parameter lets the compiler check that the shapes
 * say exactly what config.ts says (see the end of this file). The image
 * format uses it on every config it encodes or decodes.
 *
 * @module
 */
import { AREA_FLAGS, PARTITION_FLAGS, SLOT_FLAGS, type SystemConfig } from "./config.ts";

/** A check of one value at a JSON path; `type` only carries the type it admits. */
interface Shape<T> {
  (value: unknown, path: string): string | undefined;
  /** Never set: the type the shape admits, for the compiler. */
  readonly type?: T;
}
type TypeOf<S> = S extends Shape<infer T> ? T : never;
type Fields = Record<string, Shape<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & unknown;
type ObjectType<R extends Fields, O extends Fields> = Simplify<
  { readonly [K in keyof R]: TypeOf<R[K]> } & { readonly [K in keyof O]?: TypeOf<O[K]> }
>;

/** An object shape, with its fields kept for {@linkcode tagged}. */
interface ObjectShape<T> extends Shape<T> {
  readonly required: Fields;
  readonly optional: Fields;
}

/**
 * A value as a message shows what was found: `nothing`, `null`, `an array`,
 * `a Uint8Array`, `an object`, a string quoted (shortened past 40
 * characters), anything else as `String` gives it.
 *
 * @param value The value found.
 * @returns Its description.
 */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "a Uint8Array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  return String(value);
}

const expected = (path: string, what: string, value: unknown) =>
  `${path}: expected ${what}, found ${describe(value)}`;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

const fieldPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

const str: Shape<string> = (v, p) => typeof v === "string" ? undefined : expected(p, "a string", v);
const num: Shape<number> = (v, p) =>
  typeof v === "number" && Number.isFinite(v) ? undefined : expected(p, "a number", v);
const bool: Shape<boolean> = (v, p) =>
  typeof v === "boolean" ? undefined : expected(p, "true or false", v);

function oneOf<const V extends readonly string[]>(...values: V): Shape<V[number]> {
  const quoted = values.map((v) => JSON.stringify(v));
  const list = quoted.length === 1
    ? quoted[0]
    : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return (v, p) => values.includes(v as string) ? undefined : expected(p, list, v);
}

function arrayOf<T>(item: Shape<T>): Shape<readonly T[]> {
  return (v, p) => {
    if (!Array.isArray(v)) return expected(p, "an array", v);
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${p}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function record<T>(value: Shape<T>): Shape<Readonly<Record<string, T>>> {
  return (v, p) => {
    if (!isRecord(v)) return expected(p, "an object", v);
    for (const [k, x] of Object.entries(v)) {
      const problem = value(x, fieldPath(p, k));
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}

function object<R extends Fields, O extends Fields = Record<never, never>>(
  required: R,
  optional: O = {} as O,
): ObjectShape<ObjectType<R, O>> {
  const check = (v: unknown, p: string): string | undefined => {
    if (!isRecord(v)) return expected(p, "an object", v);
    for (const [k, shape] of Object.entries(required)) {
      const problem = shape(v[k], fieldPath(p, k));
      if (problem !== undefined) return problem;
    }
    for (const [k, shape] of Object.entries(optional)) {
      const problem = v[k] === undefined ? undefined : shape(v[k], fieldPath(p, k));
      if (problem !== undefined) return problem;
    }
    const unknown = Object.keys(v).find((k) =>
      !Object.hasOwn(required, k) && !Object.hasOwn(optional, k)
    );
    return unknown === undefined ? undefined : `${fieldPath(p, unknown)}: unknown field`;
  };
  return Object.assign(check, { required, optional });
}

/** A union of object shapes told apart by the string field `tag`. */
function tagged<const Tag extends string, V extends Record<string, ObjectShape<unknown>>>(
  tag: Tag,
  variants: V,
): Shape<
  { [K in keyof V]: Simplify<{ readonly [T in Tag]: K } & TypeOf<V[K]> & unknown> }[keyof V]
> {
  const kinds = oneOf(...Object.keys(variants));
  const checks = new Map(
    Object.entries(variants).map(([kind, s]) => [
      kind,
      object({ [tag]: oneOf(kind), ...s.required }, s.optional),
    ]),
  );
  return (v, p) => {
    if (!isRecord(v)) return expected(p, "an object", v);
    return kinds(v[tag], fieldPath(p, tag)) ?? checks.get(v[tag] as string)!(v, p);
  };
}

const AREA_FLAG_LIST = arrayOf(oneOf(...AREA_FLAGS));
const HM_ENTRY = object({ event: str, action: str, log: bool });
const MEMORY_AREA = object(
  { start: num, size: num, flags: AREA_FLAG_LIST },
  { name: str, mappedAt: num },
);
const SLOT = object({
  id: num,
  start: num,
  duration: num,
  partitionId: num,
  vCpuId: num,
  flags: arrayOf(oneOf(...SLOT_FLAGS)),
});
const PLAN = object({ id: num, majorFrame: num, slots: arrayOf(SLOT) }, { name: str });
const PROCESSOR = object(
  { id: num, features: arrayOf(str), plans: arrayOf(PLAN) },
  { frequency: num, console: str },
);
const DEVICE = tagged("kind", {
  uart: object({ name: str, id: num, baudRate: num }),
  memoryBlock: object({ name: str, start: num, size: num }),
  null: object({}, { name: str }),
});
const HARDWARE = object({
  memoryRegions: arrayOf(object({ type: oneOf("sdram", "stram", "rom"), start: num, size: num })),
  processors: arrayOf(PROCESSOR),
  devices: arrayOf(DEVICE),
});
const HYPERVISOR = object(
  { memoryArea: object({ size: num, flags: AREA_FLAG_LIST }), healthMonitor: arrayOf(HM_ENTRY) },
  { console: str, watchdog: object({ initialValue: num, hwReloadValue: num }) },
);
const IO_PORT = tagged("kind", {
  range: object({ base: num, count: num }),
  restricted: object({ address: num, mask: num }),
});
const PORT = object(
  {
    name: str,
    direction: oneOf("source", "destination"),
    type: oneOf("queuing", "sampling"),
  },
  { discipline: oneOf("FIFO", "PRIORITY") },
);
const PARTITION = object(
  {
    id: num,
    flags: arrayOf(oneOf(...PARTITION_FLAGS)),
    entryPoint: num,
    memoryAreas: arrayOf(MEMORY_AREA),
    healthMonitor: arrayOf(HM_ENTRY),
    ioPorts: arrayOf(IO_PORT),
    interrupts: arrayOf(num),
    ports: arrayOf(PORT),
  },
  { name: str, console: str, temporalRequirements: object({ period: num, duration: num }) },
);
const CHANNEL_END = object({ partitionId: num, portName: str }, { partitionName: str });
const CHANNEL = tagged("kind", {
  sampling: object({
    maxMessageLength: num,
    refreshPeriod: num,
    source: CHANNEL_END,
    destinations: arrayOf(CHANNEL_END),
  }),
  queuing: object({
    maxMessageLength: num,
    maxNoMessages: num,
    maxTimeExpiration: num,
    source: CHANNEL_END,
    destinations: arrayOf(CHANNEL_END),
  }),
  ipvi: object({ id: num, sourceId: num, destinationIds: arrayOf(num) }),
});
const PROGRAM_SOURCE = tagged("kind", {
  assembly: object({ text: str }),
  c: object({ files: arrayOf(str) }),
});
const XMBENCH = object(
  {
    programs: arrayOf(
      object(
        { partitionId: num, file: str, format: oneOf("elf", "raw") },
        { source: PROGRAM_SOURCE },
      ),
    ),
    costs: record(num),
  },
  {
    board: str,
    boardOverrides: object({}, { nwindows: num, fpu: bool, timers: num, memoryFromLayout: bool }),
  },
);
const SYSTEM_CONFIG = object(
  {
    version: str,
    name: str,
    hardware: HARDWARE,
    hypervisor: HYPERVISOR,
    partitions: arrayOf(PARTITION),
    channels: arrayOf(CHANNEL),
    xmbench: XMBENCH,
  },
  { residentSoftware: object({ memoryAreas: arrayOf(MEMORY_AREA) }) },
);

/**
 * Whether a value has {@linkcode SystemConfig}'s shape: every required field
 * present, every field of the right type or one of its allowed values, no
 * unknown field. Whether the config makes sense is `check`'s business.
 *
 * @param value The value, typically parsed JSON.
 * @param path The value's JSON path, to start the messages with (e.g. `config`).
 * @returns The first problem, as `path: expected X, found Y` or
 *   `path: unknown field`; undefined when the value is a SystemConfig.
 */
export function configShapeProblem(value: unknown, path: string): string | undefined {
  return SYSTEM_CONFIG(value, path);
}

/** True when A and B are the same type (optional and readonly modifiers included). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
/** Fails to compile when the shapes above drift from config.ts. */
const _shapesMatchConfig: Equals<TypeOf<typeof SYSTEM_CONFIG>, SystemConfig> = true;
