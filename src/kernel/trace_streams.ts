/**
 * XtratuM's partition trace streams (research §1.7, §1.8, §10.3): one
 * bounded stream of trace records per partition, which the partition fills
 * with `XM_trace_event` and which `XM_trace_read` empties, oldest first.
 * Not to be confused with the kernel's own event trace (`trace.ts`), which
 * records what the kernel does for the testbench.
 *
 * Each stream holds at most {@linkcode TRACE_STREAM_CAPACITY} records
 * (XM-Q's `CONFIG_OBJ_TRACE_LOG_NO_ELEM`, 20). A record appended to a full
 * stream drops the oldest one (XM-Q keeps the trace streams and the HM log
 * in the same kind of bounded log stream; this is the behaviour of the
 * kernel's HM log too, which keeps the latest records). Resets, like the
 * HM log's: a partition reset (cold or warm) keeps its stream (XM-Q's reset
 * of a partition, research §1.8, does not name it: traces are there to be
 * read after the fact); a cold system reset (back through the resident
 * software, which reloads everything) empties every stream; a warm one
 * keeps them.
 *
 * @module
 */
import { CORE_CONFIG } from "./abi.ts";

/** How many records a partition's trace stream keeps (`CONFIG_OBJ_TRACE_LOG_NO_ELEM`). */
export const TRACE_STREAM_CAPACITY: number = CORE_CONFIG.CONFIG_OBJ_TRACE_LOG_NO_ELEM as number;

/** A trace record as a stream keeps it (`xmTraceEvent_t` before it is laid out). */
export interface PartitionTraceRecord {
  /** When it was written, in µs since boot (`xmTraceEvent_t.timestamp` keeps the low 32 bits). */
  readonly us: number;
  /** The 8 payload bytes (`XM_TRACE_PAYLOAD_LENGTH`), as the partition wrote them. */
  readonly payload: Uint8Array;
}

/** Told of a record appended to partition `id`'s stream, and whether the oldest was dropped. */
export type AppendListener = (
  id: number,
  record: PartitionTraceRecord,
  dropped: boolean,
) => void;

/** Every partition's trace stream (see the module documentation). */
export class PartitionTraceStreams {
  /** The records each stream holds, oldest first. */
  readonly #streams = new Map<number, PartitionTraceRecord[]>();
  /** The records each stream dropped when full. */
  readonly #dropped = new Map<number, number>();
  /** The capacity of each stream. */
  readonly capacity: number;
  /** Told of every record appended (the kernel traces it). */
  readonly #onAppend: AppendListener;

  /**
   * One empty stream per partition.
   *
   * @param partitionIds The partitions' ids.
   * @param capacity Records per stream (default {@linkcode TRACE_STREAM_CAPACITY}).
   * @param onAppend Told of every record appended.
   */
  constructor(
    partitionIds: Iterable<number>,
    capacity = TRACE_STREAM_CAPACITY,
    onAppend: AppendListener = () => {},
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`A trace stream's capacity must be an integer ≥ 1, found ${capacity}`);
    }
    this.capacity = capacity;
    this.#onAppend = onAppend;
    for (const id of partitionIds) {
      this.#streams.set(id, []);
      this.#dropped.set(id, 0);
    }
  }

  /** Whether partition `id` has a stream. */
  has(id: number): boolean {
    return this.#streams.has(id);
  }

  /**
   * Appends a record to partition `id`'s stream; when the stream is full
   * the oldest record is dropped first.
   *
   * @returns Whether a record was dropped.
   * @throws {RangeError} When the partition has no stream.
   */
  append(id: number, record: PartitionTraceRecord): boolean {
    const s = this.#stream(id);
    const full = s.length >= this.capacity;
    if (full) {
      s.shift();
      this.#dropped.set(id, this.#dropped.get(id)! + 1);
    }
    s.push({ us: record.us, payload: record.payload.slice() });
    this.#onAppend(id, record, full);
    return full;
  }

  /** The records partition `id`'s stream holds (`xmTraceStatus_t.noEvents`). */
  length(id: number): number {
    return this.#stream(id).length;
  }

  /** The records partition `id`'s stream has dropped when full, since boot. */
  dropped(id: number): number {
    this.#stream(id);
    return this.#dropped.get(id)!;
  }

  /** The records partition `id`'s stream holds, oldest first, without removing them. */
  peek(id: number): readonly PartitionTraceRecord[] {
    return [...this.#stream(id)];
  }

  /** Removes and returns up to `n` records of partition `id`'s stream, oldest first (a destructive read). */
  take(id: number, n: number): PartitionTraceRecord[] {
    return this.#stream(id).splice(0, Math.max(0, n));
  }

  /** Empties every stream (a cold system reset); the dropped counts go back to 0. */
  clear(): void {
    for (const id of this.#streams.keys()) {
      this.#streams.set(id, []);
      this.#dropped.set(id, 0);
    }
  }

  #stream(id: number): PartitionTraceRecord[] {
    const s = this.#streams.get(id);
    if (s === undefined) throw new RangeError(`Partition ${id} has no trace stream`);
    return s;
  }
}
