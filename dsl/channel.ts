/**
 * Channel builders: sampling channels (one source, one or more
 * destinations), queuing channels (one source, one destination) and
 * inter-partition virtual interrupts. Ends name a partition (by id or name)
 * and a port; a port the partition has not declared in its port table is
 * declared for it (type from the channel, direction from the end).
 *
 * ```ts ignore
 * system("demo")
 *   .channel(sampling("64B", { refresh: "100ms" }).from("P0", "OUT").to("P1", "IN").to("P2", "IN"))
 *   .channel(queuing("128B", 8).from(1, "TX").to(2, "RX"));
 * ```
 *
 * @module
 */
import type { ChannelEndConfig } from "../src/image/config.ts";
import { DslError, recordError } from "./errors.ts";
import type { PartitionRef } from "./plan.ts";
import { show, type Size, type Time, toBytes, toCount, toMicroseconds } from "./units.ts";

/** A channel end as the builder holds it. */
export type ChannelEndDraft =
  | {
    /** Named by the user: resolved, and its port declared when missing. */
    readonly partition: PartitionRef;
    /** The port's name. */
    readonly port: string;
  }
  | {
    /** Given as configuration (read from XML): kept exactly. */
    readonly exact: ChannelEndConfig;
  };

/** What a channel builder holds. */
export type ChannelDraft =
  | {
    /** A sampling channel. */
    readonly kind: "sampling";
    /** `maxMessageLength`. */
    readonly maxMessageLength: number;
    /** `refreshPeriod` (0: none). */
    readonly refreshPeriod: number;
    /** `Source`. */
    source: ChannelEndDraft | undefined;
    /** `Destination`s. */
    readonly destinations: ChannelEndDraft[];
  }
  | {
    /** A queuing channel. */
    readonly kind: "queuing";
    /** `maxMessageLength`. */
    readonly maxMessageLength: number;
    /** `maxNoMessages`. */
    readonly maxNoMessages: number;
    /** `maxTimeExpiration` (0: none). */
    readonly maxTimeExpiration: number;
    /** `Source`. */
    source: ChannelEndDraft | undefined;
    /** `Destination`s. */
    readonly destinations: ChannelEndDraft[];
  }
  | {
    /** An inter-partition virtual interrupt. */
    readonly kind: "ipvi";
    /** `id`. */
    readonly id: number;
    /** `sourceId`. */
    readonly source: PartitionRef;
    /** `destinationId`. */
    readonly destinations: readonly PartitionRef[];
  };

/** Builds one channel (see the module documentation). */
export class ChannelBuilder {
  /** The channel's fields so far. */
  readonly draft: ChannelDraft;
  /** The call that made it, e.g. `sampling("64B")`. */
  readonly label: string;

  /**
   * Starts a channel; `sampling(...)`, `queuing(...)` and `ipvi(...)` are the usual way.
   *
   * @param label The call that made it.
   * @param draft Its fields.
   */
  constructor(label: string, draft: ChannelDraft) {
    this.label = label;
    this.draft = draft;
  }

  #end(method: string, args: unknown[]): ChannelEndDraft {
    const call = `${this.label}.${method}(${args.map(show).join(", ")})`;
    if (this.draft.kind === "ipvi") {
      throw new DslError(
        call,
        "an IPVI has no ports: give its ends to ipvi(id, source, ...destinations)",
      );
    }
    const [a, b] = args;
    if (typeof a === "object" && a !== null) return { exact: a as ChannelEndConfig };
    if (typeof b !== "string" || b === "") {
      throw new DslError(call, `port: expected a port name, found ${show(b)}`);
    }
    if (typeof a === "number") toCount(call, "partition", a);
    else if (typeof a !== "string") {
      throw new DslError(call, `partition: expected a partition id or name, found ${show(a)}`);
    }
    return { partition: a as PartitionRef, port: b };
  }

  /**
   * Sets the source: the partition (id or name) and its port. Or the end
   * exactly as configuration (`partitionId`, `partitionName`, `portName`).
   */
  from(end: ChannelEndConfig): this;
  /**
   * Sets the source: the partition (id or name) and its port. Or the end
   * exactly as configuration (`partitionId`, `partitionName`, `portName`).
   */
  from(partition: PartitionRef, port: string): this;
  from(partition: PartitionRef | ChannelEndConfig, port?: string): this {
    const end = this.#end("from", port === undefined ? [partition] : [partition, port]);
    (this.draft as { source: ChannelEndDraft }).source = end;
    return this;
  }

  /** Adds a destination (a queuing channel has exactly one). */
  to(end: ChannelEndConfig): this;
  /** Adds a destination (a queuing channel has exactly one). */
  to(partition: PartitionRef, port: string): this;
  to(partition: PartitionRef | ChannelEndConfig, port?: string): this {
    const end = this.#end("to", port === undefined ? [partition] : [partition, port]);
    (this.draft as { destinations: ChannelEndDraft[] }).destinations.push(end);
    return this;
  }
}

/**
 * Makes a channel builder whose values may be bad: a bad one is recorded on
 * the builder (thrown by the system's `config()`), never thrown here.
 */
function channel(
  label: string,
  draft: (checked: <T>(f: () => T, fallback: T) => T) => ChannelDraft,
) {
  const errors: DslError[] = [];
  const d = draft((f, fallback) => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof DslError)) throw e;
      errors.push(e);
      return fallback;
    }
  });
  const b = new ChannelBuilder(label, d);
  for (const e of errors) recordError(b, e);
  return b;
}

/** Options of a sampling channel. */
export interface SamplingOptions {
  /** How long a message stays valid (`refreshPeriod`; default: for ever). */
  readonly refresh?: Time;
}

/** Options of a queuing channel. */
export interface QueuingOptions {
  /** `maxTimeExpiration` (default 0: none). */
  readonly expiration?: Time;
}

/**
 * Starts a sampling channel: the last message written, read by every destination.
 *
 * @param maxMessageLength The largest message (`"64B"`).
 * @param options Its refresh period.
 * @returns The builder.
 */
export function sampling(maxMessageLength: Size, options: SamplingOptions = {}): ChannelBuilder {
  const label = `sampling(${
    [maxMessageLength, ...(Object.keys(options).length ? [options] : [])].map(show).join(", ")
  })`;
  return channel(label, (checked) => ({
    kind: "sampling",
    maxMessageLength: checked(() => toBytes(label, "maxMessageLength", maxMessageLength), 0),
    refreshPeriod: options.refresh === undefined
      ? 0
      : checked(() => toMicroseconds(label, "refresh", options.refresh!), 0),
    source: undefined,
    destinations: [],
  }));
}

/**
 * Starts a queuing channel: a queue of `depth` messages from one partition to another.
 *
 * @param maxMessageLength The largest message (`"128B"`).
 * @param depth `maxNoMessages`.
 * @param options `maxTimeExpiration`.
 * @returns The builder.
 */
export function queuing(
  maxMessageLength: Size,
  depth: number,
  options: QueuingOptions = {},
): ChannelBuilder {
  const label = `queuing(${
    [maxMessageLength, depth, ...(Object.keys(options).length ? [options] : [])].map(show).join(
      ", ",
    )
  })`;
  return channel(label, (checked) => ({
    kind: "queuing",
    maxMessageLength: checked(() => toBytes(label, "maxMessageLength", maxMessageLength), 0),
    maxNoMessages: checked(() => toCount(label, "depth", depth), 0),
    maxTimeExpiration: options.expiration === undefined
      ? 0
      : checked(() => toMicroseconds(label, "expiration", options.expiration!), 0),
    source: undefined,
    destinations: [],
  }));
}

/**
 * An inter-partition virtual interrupt (`Channels/Ipvi`).
 *
 * @param id Its id.
 * @param source The partition that raises it.
 * @param destinations The partitions that receive it.
 * @returns The builder.
 */
export function ipvi(
  id: number,
  source: PartitionRef,
  ...destinations: PartitionRef[]
): ChannelBuilder {
  const label = `ipvi(${[id, source, ...destinations].map(show).join(", ")})`;
  return channel(label, (checked) => ({
    kind: "ipvi",
    id: checked(() => toCount(label, "id", id), 0),
    source,
    destinations,
  }));
}
