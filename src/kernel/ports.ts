/**
 * The kernel's communication ports (research §1.8, §2.2, §3.3): every
 * partition's configured ports (`PortTable/Port`), the channels that join
 * them (`Channels/SamplingChannel`, `Channels/QueuingChannel`) with the
 * messages they hold, which ports are open, and the message counters of
 * `xmPartitionStatus_t`/`xmSystemStatus_t`. A pure model: it holds bytes
 * and flags; the hypercalls (`hypercalls/ports.ts`) check the arguments,
 * copy through partition memory, raise the interrupts and trace.
 *
 * **Port ids.** As XM-Q's `xmcCommPorts` table: every partition's ports in
 * partition order, each partition's in `PortTable` order, numbered from 0.
 * `XM_COMM_CREATE_PORT` returns this id; libxm makes it the id field of the
 * descriptor. A port's *local index* (its place in its partition's
 * `PortTable`) is its bit in the partition's comm-port bitmap.
 *
 * **Sampling channel.** One message buffer of `maxMessageLength` bytes: a
 * write replaces it and stamps it (µs of the HW clock); a read copies it
 * and leaves it. Each port has a status flag: `XM_COMM_EMPTY_PORT` until
 * the first write, `XM_COMM_NEW_MSG` after each write (on the source and
 * every destination), `XM_COMM_CONSUMED_MSG` on a destination once it has
 * read the current message, and on the source once any destination has.
 * A message is valid (`XM_COMM_MSG_VALID`) while `stamp + refreshPeriod >
 * now`. Choice: a refresh period of 0 (the configuration's default) or
 * `XM_INFINITE_TIME` means no limit — the configuration documents 0 so;
 * XM-Q's formula, read literally, would make both never valid (research
 * §9 leaves it open).
 *
 * **Queuing channel.** A FIFO of at most `maxNoMessages` messages of up to
 * `maxMessageLength` bytes each; a receive removes the oldest whole
 * message, however many of its bytes fit. `maxTimeExpiration` is not
 * applied (messages do not expire).
 *
 * **Closing.** Halting or cold-resetting a partition closes its ports
 * (research §1.8: "comm ports released"); the channels keep their messages
 * (the other end may still be open), and a port opened again sees them.
 *
 * **Bitmap** (research §2.2: one bit per port, 1 = the operation can be
 * performed): an open sampling destination's bit is set while it holds a
 * message it has not read; an open queuing destination's while its queue
 * is not empty; an open queuing source's while its queue is not full; an
 * open sampling source's always. Closed ports' bits are 0.
 *
 * @module
 */
import type { ChannelConfig, PartitionConfig, SystemConfig } from "../image/config.ts";
import { COMM_CONSTANTS } from "./abi.ts";
import type { TracePort } from "./trace.ts";

/** A port's kind: the object class it belongs to. */
export type PortKind = "sampling" | "queuing";

/** A port's direction, as the configuration spells it. */
export type PortDirection = "source" | "destination";

/** A sampling port's status flag (`xmSamplingPortStatus_t.flags` without the validity bit). */
export type SamplingFlag =
  | typeof COMM_CONSTANTS.XM_COMM_EMPTY_PORT
  | typeof COMM_CONSTANTS.XM_COMM_NEW_MSG
  | typeof COMM_CONSTANTS.XM_COMM_CONSUMED_MSG;

/** A sampling channel: one source, one or more destinations, the last message. */
export interface SamplingChannel {
  /** Discriminant. */
  readonly kind: "sampling";
  /** `maxMessageLength`. */
  readonly maxMessageLength: number;
  /** `refreshPeriod` in µs (0: no limit). */
  readonly refreshPeriod: number;
  /** The source port. */
  readonly source: Port;
  /** The destination ports. */
  readonly destinations: readonly Port[];
  /** The last message written, if any. */
  message?: { readonly bytes: Uint8Array; readonly us: number };
}

/** A queuing channel: one source, one destination, the messages in flight. */
export interface QueuingChannel {
  /** Discriminant. */
  readonly kind: "queuing";
  /** `maxMessageLength`. */
  readonly maxMessageLength: number;
  /** `maxNoMessages`: the queue's depth. */
  readonly maxNoMessages: number;
  /** The source port. */
  readonly source: Port;
  /** The destination port. */
  readonly destination: Port;
  /** The messages, oldest first. */
  readonly queue: Uint8Array[];
}

/** A channel. */
export type Channel = SamplingChannel | QueuingChannel;

/** One configured port and its run-time state. */
export interface Port {
  /** Its id (see the module documentation). */
  readonly id: number;
  /** Its partition. */
  readonly partition: number;
  /** Its index in its partition's `PortTable` (its comm-port bitmap bit). */
  readonly local: number;
  /** Its configured name. */
  readonly name: string;
  /** Its kind. */
  readonly kind: PortKind;
  /** Its direction. */
  readonly direction: PortDirection;
  /** `discipline` as `xmQueuingPortInfo_t.flags`: `XM_FIFO_PORT` or `XM_PRIORITY_PORT`. */
  readonly discipline: number;
  /** Its channel, if the configuration connects it to one. */
  channel?: Channel;
  /** Whether its partition has opened it (`XM_create_*_port`). */
  open: boolean;
  /** For a sampling port, its status flag. */
  flag: SamplingFlag;
}

/** Messages counted for `xmPartitionStatus_t` and `xmSystemStatus_t`. */
export interface PortCounters {
  /** `noSamplingPortMsgsRead`. */
  samplingRead: number;
  /** `noSamplingPortMsgsWritten`. */
  samplingWritten: number;
  /** `noQueuingPortMsgsSent`. */
  queuingSent: number;
  /** `noQueuingPortMsgsReceived`. */
  queuingReceived: number;
}

/** A port operation as the trace records it (a `port` event without its kind and time). */
export type PortTraffic = Omit<TracePort, "kind" | "cycle" | "us">;

/** The extended interrupts a port operation raises: which partition, which `XM_VT_EXT_*` kind. */
export interface PortNotice {
  /** The partition to interrupt. */
  readonly partition: number;
  /** The port kind whose interrupt it is (`XM_VT_EXT_SAMPLING_PORT` / `XM_VT_EXT_QUEUING_PORT`). */
  readonly kind: PortKind;
}

/** A sampling message as read: its bytes (the whole message) and its validity now. */
export interface SampledMessage {
  /** The whole last message. */
  readonly bytes: Uint8Array;
  /** When it was written, µs. */
  readonly us: number;
  /** Whether it is valid now (`XM_COMM_MSG_VALID`). */
  readonly valid: boolean;
}

function zeroCounters(): PortCounters {
  return { samplingRead: 0, samplingWritten: 0, queuingSent: 0, queuingReceived: 0 };
}

/** The communication ports of a system (see the module documentation). */
export class CommPorts {
  /** Every port, by id. */
  readonly ports: readonly Port[];
  /** Each partition's counters, by partition id. */
  readonly #counters = new Map<number, PortCounters>();
  /** Where each operation is reported (the kernel trace). */
  readonly trace: (traffic: PortTraffic) => void;

  /**
   * The ports and channels of a configuration, all closed and empty.
   *
   * @param config The system configuration (checked: a port belongs to at most one channel).
   * @param trace Receives every port operation (default: dropped).
   */
  constructor(config: SystemConfig, trace: (traffic: PortTraffic) => void = () => {}) {
    this.trace = trace;
    const ports: Port[] = [];
    for (const p of config.partitions) {
      this.#counters.set(p.id, zeroCounters());
      p.ports.forEach((pc, local) =>
        ports.push({
          id: ports.length,
          partition: p.id,
          local,
          name: pc.name,
          kind: pc.type,
          direction: pc.direction,
          discipline: pc.discipline === "PRIORITY"
            ? COMM_CONSTANTS.XM_PRIORITY_PORT
            : COMM_CONSTANTS.XM_FIFO_PORT,
          open: false,
          flag: COMM_CONSTANTS.XM_COMM_EMPTY_PORT,
        })
      );
    }
    this.ports = ports;
    for (const ch of config.channels) this.#connect(config.partitions, ch);
  }

  #connect(partitions: readonly PartitionConfig[], ch: ChannelConfig): void {
    if (ch.kind === "ipvi") return;
    const find = (partitionId: number, name: string) => {
      if (!partitions.some((p) => p.id === partitionId)) return undefined;
      return this.ports.find((x) =>
        x.partition === partitionId && x.name === name && x.kind === ch.kind
      );
    };
    const source = find(ch.source.partitionId, ch.source.portName);
    const destinations = ch.destinations.map((d) => find(d.partitionId, d.portName));
    if (source === undefined || destinations.some((d) => d === undefined)) return;
    const dests = destinations as Port[];
    const channel: Channel = ch.kind === "sampling"
      ? {
        kind: "sampling",
        maxMessageLength: ch.maxMessageLength,
        refreshPeriod: ch.refreshPeriod,
        source,
        destinations: dests,
      }
      : {
        kind: "queuing",
        maxMessageLength: ch.maxMessageLength,
        maxNoMessages: ch.maxNoMessages,
        source,
        destination: dests[0]!,
        queue: [],
      };
    for (const p of [source, ...dests]) p.channel ??= channel;
  }

  /** A partition's ports, in `PortTable` order. */
  portsOf(partitionId: number): Port[] {
    return this.ports.filter((p) => p.partition === partitionId);
  }

  /** A partition's port called `name`, if any. */
  find(partitionId: number, name: string): Port | undefined {
    return this.ports.find((p) => p.partition === partitionId && p.name === name);
  }

  /** Closes every port of a partition (halt, cold reset). */
  closeAll(partitionId: number): void {
    for (const p of this.ports) if (p.partition === partitionId) p.open = false;
  }

  /**
   * The ports as after boot, for a system reset: every port closed and
   * `XM_COMM_EMPTY_PORT`, every channel empty. The counters go on (like the
   * system status's reset counter, they are there to be read afterwards).
   */
  reset(): void {
    for (const p of this.ports) {
      p.open = false;
      p.flag = COMM_CONSTANTS.XM_COMM_EMPTY_PORT;
      const ch = p.channel;
      if (ch?.kind === "sampling") ch.message = undefined;
      else if (ch?.kind === "queuing") ch.queue.length = 0;
    }
  }

  /** A partition's message counters (all 0 for an unknown id). */
  counters(partitionId: number): PortCounters {
    return { ...(this.#counters.get(partitionId) ?? zeroCounters()) };
  }

  /** The counters summed over every partition (`xmSystemStatus_t`). */
  totals(): PortCounters {
    const t = zeroCounters();
    for (const c of this.#counters.values()) {
      t.samplingRead += c.samplingRead;
      t.samplingWritten += c.samplingWritten;
      t.queuingSent += c.queuingSent;
      t.queuingReceived += c.queuingReceived;
    }
    return t;
  }

  #count(partitionId: number, field: keyof PortCounters): void {
    const c = this.#counters.get(partitionId);
    if (c !== undefined) c[field]++;
  }

  /**
   * Writes a sampling message through source port `port` at `us`: replaces
   * the channel's message, sets every port's flag to new.
   *
   * @returns The interrupts to raise: each open destination's partition.
   */
  write(port: Port, bytes: Uint8Array, us: number): PortNotice[] {
    const ch = port.channel as SamplingChannel;
    ch.message = { bytes: bytes.slice(), us };
    for (const p of [ch.source, ...ch.destinations]) p.flag = COMM_CONSTANTS.XM_COMM_NEW_MSG;
    this.#count(port.partition, "samplingWritten");
    return ch.destinations.filter((d) => d.open).map((d) => ({
      partition: d.partition,
      kind: "sampling",
    }));
  }

  /** The last message of a sampling port's channel and its validity at `us`, if ever written. */
  sample(port: Port, us: number): SampledMessage | undefined {
    const ch = port.channel as SamplingChannel;
    const m = ch.message;
    if (m === undefined) return undefined;
    return { bytes: m.bytes, us: m.us, valid: isValid(ch.refreshPeriod, m.us, us) };
  }

  /**
   * Records that destination port `port` read its channel's message: it and
   * the source are marked consumed.
   *
   * @returns The interrupt to raise: the source's partition when its port is open.
   */
  consumed(port: Port): PortNotice[] {
    const ch = port.channel as SamplingChannel;
    port.flag = ch.source.flag = COMM_CONSTANTS.XM_COMM_CONSUMED_MSG;
    this.#count(port.partition, "samplingRead");
    return ch.source.open ? [{ partition: ch.source.partition, kind: "sampling" }] : [];
  }

  /**
   * Sends a queuing message through source port `port`.
   *
   * @returns Undefined when the queue is full (nothing sent), else the
   *   interrupts to raise: the destination's partition when its port is open.
   */
  send(port: Port, bytes: Uint8Array): PortNotice[] | undefined {
    const ch = port.channel as QueuingChannel;
    if (ch.queue.length >= ch.maxNoMessages) return undefined;
    ch.queue.push(bytes.slice());
    this.#count(port.partition, "queuingSent");
    return ch.destination.open ? [{ partition: ch.destination.partition, kind: "queuing" }] : [];
  }

  /** The oldest message of a queuing port's channel, without removing it; undefined when empty. */
  peek(port: Port): Uint8Array | undefined {
    return (port.channel as QueuingChannel).queue[0];
  }

  /** Removes the oldest message of a queuing port's channel (after {@linkcode peek}). */
  receive(port: Port): void {
    const ch = port.channel as QueuingChannel;
    if (ch.queue.shift() !== undefined) this.#count(port.partition, "queuingReceived");
  }

  /** The number of messages in a queuing port's channel. */
  queued(port: Port): number {
    return (port.channel as QueuingChannel).queue.length;
  }

  /**
   * A partition's comm-port bitmap (see the module documentation): one bit
   * per port of its `PortTable`, bit `i` of word `i >> 5` = `1 << (i & 31)`.
   */
  bitmap(partitionId: number): number[] {
    const mine = this.portsOf(partitionId);
    const words = new Array<number>(Math.ceil(mine.length / 32)).fill(0);
    for (const p of mine) {
      if (ready(p)) words[p.local >> 5] = (words[p.local >> 5]! | (1 << (p.local & 31))) >>> 0;
    }
    return words;
  }
}

/** Whether a message written at `stamp` is valid at `now` under `refreshPeriod` (see the module doc). */
export function isValid(refreshPeriod: number, stamp: number, now: number): boolean {
  if (refreshPeriod === 0 || refreshPeriod === COMM_CONSTANTS.XM_INFINITE_TIME) return true;
  return stamp + refreshPeriod > now;
}

/** Whether an open port's operation can be performed now (its bitmap bit). */
function ready(p: Port): boolean {
  const ch = p.channel;
  if (!p.open || ch === undefined) return false;
  if (ch.kind === "sampling") {
    return p.direction === "source" || p.flag === COMM_CONSTANTS.XM_COMM_NEW_MSG;
  }
  return p.direction === "source" ? ch.queue.length < ch.maxNoMessages : ch.queue.length > 0;
}
