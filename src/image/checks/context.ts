/**
 * The checker: the configuration being checked, what the checks have found
 * so far, lookups they share, and the checks that several sections make
 * (required lists, names, ids, consoles).
 *
 * @module
 */
import {
  attributePath,
  type ConfigPath,
  type PartitionConfig,
  type SystemConfig,
} from "../config.ts";
import type { Diagnostic } from "../diagnostic.ts";
import { type CheckCode, CHECKS } from "./catalogue.ts";
import { oneOf, quote } from "./format.ts";

/** The state of one run of the validator, and the checks several sections share. */
export class Checker {
  /** The findings, in the order the checks made them. */
  readonly out: Diagnostic[] = [];
  /** Partitions by id (the first with each id). */
  readonly partitionById = new Map<number, PartitionConfig>();
  /** The partition ids, in table order, for "expected one of". */
  readonly partitionIds: readonly number[];
  /** Device names (first of each), for consoles. */
  readonly deviceNames: readonly string[];

  /**
   * Starts a run.
   *
   * @param config The configuration to check.
   */
  constructor(readonly config: SystemConfig) {
    for (const p of config.partitions) {
      if (!this.partitionById.has(p.id)) this.partitionById.set(p.id, p);
    }
    this.partitionIds = [...this.partitionById.keys()];
    const names = config.hardware.devices.flatMap((d) => d.name === undefined ? [] : [d.name]);
    this.deviceNames = [...new Set(names)];
  }

  /** Records a finding, with its check's severity. */
  report(code: CheckCode, path: ConfigPath, message: string): void {
    this.out.push({ severity: CHECKS[code].severity, code, path, message });
  }

  /** "expected one of 0, 1, 2" for a partition id, or what to say when there are none. */
  expectedPartition(): string {
    return oneOf(this.partitionIds, "a partition id (no partition is defined)");
  }

  /** A list that XM-Q's schema requires to have at least one entry. */
  required(list: readonly unknown[], path: ConfigPath, what: string, item: string): void {
    if (list.length > 0) return;
    this.report(
      "missing-element",
      path,
      `${what} must have at least one ${item}: expected 1 or more, found 0`,
    );
  }

  /** A user-chosen name: non-empty (XM-Q's `idString`), letters, digits and underscores. */
  name(name: string | undefined, path: ConfigPath, what: string): void {
    if (name === undefined) return;
    if (name === "") {
      this.report("name-empty", path, `${what} must not be empty: expected a name, found ""`);
    } else if (!/^[A-Za-z0-9_]+$/.test(name)) {
      this.report(
        "name-characters",
        path,
        `${what} should use only letters, digits and underscores: expected e.g. ${
          quote(name.replace(/[^A-Za-z0-9_]/g, "_"))
        }, found ${quote(name)}`,
      );
    }
  }

  /** Ids that must be 0, 1, ... in table order, each once. */
  ids(
    what: "processor" | "plan" | "partition",
    ids: readonly number[],
    path: (i: number) => ConfigPath,
    scope = "",
  ): void {
    const seen = new Set<number>();
    ids.forEach((id, i) => {
      if (seen.has(id)) {
        this.report(
          `${what}-duplicate-id`,
          attributePath(path(i), "id"),
          `duplicate ${what} id${scope}: expected each id once, found ${id} again`,
        );
      } else if (id !== i) {
        this.report(
          `${what}-id`,
          attributePath(path(i), "id"),
          `${what} id must follow the table order${scope}: expected ${i}, found ${id}`,
        );
      }
      seen.add(id);
    });
  }

  /** A console attribute: it must name a device. */
  console(name: string | undefined, path: ConfigPath, what: string): void {
    if (name === undefined || this.deviceNames.includes(name)) return;
    this.report(
      "console-device",
      path,
      `console of ${what} names no device: expected ${
        oneOf(this.deviceNames.map(quote), "a device (no device is defined)")
      }, found ${quote(name)}`,
    );
  }
}
