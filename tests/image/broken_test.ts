/**
 * Broken configurations, written as a user writes them (XM-Q style, from the
 * hello_world, ports and xmbench_extension examples): one file in
 * `tests/fixtures/xmcf_broken/` per diagnostic code of the validator
 * (`CHECKS`) and of the reader, named after the code, each with one problem
 * and a comment at its top saying what is wrong.
 *
 * Each file is checked as `deno run -A cli.ts check FILE` checks it, from the
 * repository root with the path relative, so that the expected lines below
 * are exactly what the user sees: stderr must be the table's lines verbatim
 * (file:line:col, severity, message, code) followed by the summary line, and
 * the exit code the table's. Every file goes through the CLI's own steps
 * in-process (read, validate when the reading gave a configuration, format);
 * a sample of them also goes through the real CLI as a subprocess. (Not all:
 * each `deno run` takes about 0.1 s and holds the lock on
 * `node_modules/.deno`, so subprocesses do not overlap and 124 of them would
 * take 13 s.)
 *
 * Four checks of the catalogue cannot come from an XML file: the reader
 * rejects the value first, as `bad-value` (see {@linkcode UNREACHABLE}).
 * Their files are here all the same, showing what the user gets instead.
 *
 * The reader's codes are `READER_CODES` (`src/image/xml/read.ts`), the
 * validator's `CHECKS`; each gives every code its severity.
 *
 * Cases marked `ignore: true` are known bugs: their lines are the correct
 * behaviour, not today's (the comment above each says what happens today).
 */
import assert from "node:assert/strict";
import { check, CHECKS } from "../../src/image/check.ts";
import { formatDiagnostic } from "../../src/image/diagnostic.ts";
import { readConfigXml, READER_CODES } from "../../src/image/xml/read.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DIR = "tests/fixtures/xmcf_broken";

/** What `xmbench check` must print for one broken file. */
interface Case {
  /** 1 when there is an error, 0 when there are only warnings. */
  readonly exit: 0 | 1;
  /** The diagnostics on stderr, verbatim, before the summary line. */
  readonly stderr: readonly string[];
  /** A known bug: `stderr` is the correct behaviour, not today's. */
  readonly ignore?: true;
}

/** Every broken file, by name. */
const CASES: Readonly<Record<string, Case>> = {
  // --- The validator's checks, in the order of CHECKS (the reader pre-empts four: see UNREACHABLE)
  "version-format.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/version-format.xml:6:58: error: SystemDescription@version: bad version "1.0": expected N.N.N (e.g. 1.0.0) [bad-value]`,
    ],
  },
  "name-empty.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/name-empty.xml:35:27: error: Partition@name: bad name "": expected a non-empty name [bad-value]`,
    ],
  },
  "name-characters.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/name-characters.xml:6:74: warning: system name should use only letters, digits and underscores: expected e.g. "hello_world", found "hello-world" [name-characters]`,
    ],
  },
  "missing-element.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/missing-element.xml:27:5: error: XMHypervisor: missing element <PhysicalMemoryArea> [missing-element]`,
    ],
  },
  "missing-element-empty-list.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/missing-element-empty-list.xml:36:13: error: partition 0 "Partition0" must have at least one memory area: expected 1 or more, found 0 [missing-element]`,
    ],
  },
  "region-alignment.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/region-alignment.xml:11:34: error: start of memory region 2 must be a multiple of 4 KiB: expected 0xA0000000 or 0xA0001000, found 0xA0000800 [region-alignment]`,
    ],
  },
  // below 4 KiB, 0x00000000 is offered too: a valid start (though not a valid size)
  "region-alignment-near-zero.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/region-alignment-near-zero.xml:10:32: error: start of memory region 0 must be a multiple of 4 KiB: expected 0x00000000 or 0x00001000, found 0x00000400 [region-alignment]`,
    ],
  },
  "region-size.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/region-size.xml:9:44: error: size of memory region 0 must be a non-zero multiple of 4 KiB: expected 4 KiB or 8 KiB, found 6 KiB [region-size]`,
    ],
  },
  "address-space-end.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/address-space-end.xml:12:13: error: memory region 2 runs past the end of the 32-bit address space: expected an end at or below 0xFFFFFFFF, found [0xFFF00000, 0x1000FFFFF] [address-space-end]`,
    ],
  },
  "region-overlap.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/region-overlap.xml:12:13: error: memory region 2 overlaps memory region 1: expected disjoint regions, found [0x40300000, 0x404FFFFF] and [0x40000000, 0x403FFFFF] [region-overlap]`,
    ],
  },
  "area-alignment.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/area-alignment.xml:37:23: error: start of memory area 0 of partition 0 "Partition0" must be a multiple of 4 KiB: expected 0x40080000 or 0x40081000, found 0x40080800 [area-alignment]`,
    ],
  },
  "area-size.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/area-size.xml:36:42: error: size of memory area 0 of partition 0 "Partition0" must be a non-zero multiple of 4 KiB: expected 128 KiB or 132 KiB, found 130 KiB [area-size]`,
    ],
  },
  "area-outside-regions.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/area-outside-regions.xml:36:17: error: memory area 0 of partition 0 "Partition0" lies outside every memory region: expected a range inside one region, found [0x40400000, 0x4041FFFF] [area-outside-regions]`,
    ],
  },
  "area-overlaps-hypervisor.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/area-overlaps-hypervisor.xml:36:17: error: memory area 0 of partition 0 "Partition0" overlaps the hypervisor's memory area: expected a range outside [0x40000000, 0x4003FFFF], found [0x40020000, 0x4003FFFF] [area-overlaps-hypervisor]`,
    ],
  },
  "area-overlaps-resident-software.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/area-overlaps-resident-software.xml:43:17: error: memory area 0 of partition 0 "Partition0" overlaps memory area 0 of the resident software: expected a range outside [0x40040000, 0x4009FFFF], found [0x40080000, 0x4009FFFF] [area-overlaps-resident-software]`,
    ],
  },
  "area-overlap.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/area-overlap.xml:40:17: warning: memory area 0 of partition 1 "Partition1" overlaps memory area 0 of partition 0 "Partition0": expected disjoint areas unless the memory is meant to be shared, found [0x40090000, 0x400AFFFF] and [0x40080000, 0x4009FFFF] [area-overlap]`,
    ],
  },
  "memory-block-outside-regions.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/memory-block-outside-regions.xml:23:13: error: memory block "FlashLog" lies outside every memory region: expected a range inside one region, found [0x00400000, 0x0040FFFF] [memory-block-outside-regions]`,
    ],
  },
  "mapped-at-alignment.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/mapped-at-alignment.xml:37:55: warning: virtual address of memory area 0 of partition 0 "Partition0" should be a multiple of 4 KiB: expected 0x10000000 or 0x10001000, found 0x10000800 [mapped-at-alignment]`,
    ],
  },
  "mapped-at-overlap.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/mapped-at-overlap.xml:38:68: warning: virtual range of memory area 1 of partition 0 "Partition0" overlaps memory area 0: expected disjoint virtual ranges, found [0x40090000, 0x40093FFF] and [0x40080000, 0x4009FFFF] [mapped-at-overlap]`,
    ],
  },
  "entry-point-outside-areas.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/entry-point-outside-areas.xml:35:73: warning: entry point of partition 0 "Partition0" lies outside its memory areas: expected an address in [0x40080000, 0x4009FFFF], found 0x40000000 [entry-point-outside-areas]`,
    ],
  },
  "processor-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/processor-id.xml:13:24: error: processor id must follow the table order: expected 0, found 1 [processor-id]`,
    ],
  },
  "processor-frequency.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/processor-frequency.xml:13:31: error: frequency of processor 0 must be positive: expected at least 1 KHz, found 0 KHz [processor-frequency]`,
    ],
  },
  "processor-duplicate-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/processor-duplicate-id.xml:20:24: error: duplicate processor id: expected each id once, found 0 again [processor-duplicate-id]`,
    ],
  },
  "plan-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/plan-id.xml:16:27: error: plan id must follow the table order on processor 0: expected 0, found 1 [plan-id]`,
    ],
  },
  "plan-duplicate-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/plan-duplicate-id.xml:18:27: error: duplicate plan id on processor 0: expected each id once, found 0 again [plan-duplicate-id]`,
    ],
  },
  "plan-major-frame.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/plan-major-frame.xml:15:34: error: major frame of plan 0 on processor 0 must be positive: expected at least 1 µs, found 0 µs [plan-major-frame]`,
    ],
  },
  "slot-duplicate-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/slot-duplicate-id.xml:17:31: error: duplicate slot id in plan 0 on processor 0: expected each id once, found 0 again [slot-duplicate-id]`,
    ],
  },
  "slot-duration.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/slot-duration.xml:16:50: error: duration of slot 0 of plan 0 on processor 0 must be positive: expected at least 1 µs, found 0 µs [slot-duration]`,
    ],
  },
  "slot-overlap.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/slot-overlap.xml:17:38: error: slot 1 of plan 0 on processor 0 must start after slot 0 ends: expected a start at or after 150 ms, found 100 ms [slot-overlap]`,
    ],
  },
  "slot-after-major-frame.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/slot-after-major-frame.xml:16:25: error: slot 0 of plan 0 on processor 0 must end within the major frame: expected an end at or before 200 ms, found 250 ms [slot-after-major-frame]`,
    ],
  },
  "slot-partition.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/slot-partition.xml:17:69: error: slot 1 of plan 0 on processor 0 names a partition that does not exist: expected one of 0, found 1 [slot-partition]`,
    ],
  },
  "partition-never-scheduled.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/partition-never-scheduled.xml:36:9: error: partition 1 "Partition1" is never scheduled: expected a slot in some plan, found none [partition-never-scheduled]`,
    ],
  },
  "temporal-requirements.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/temporal-requirements.xml:37:13: warning: temporal requirements of partition 0 "Partition0" are not met by plan 0 on processor 0: expected 50 ms in every period of 100 ms, found 0 µs in the period from 100 ms [temporal-requirements]`,
    ],
  },
  "temporal-requirements-period.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/temporal-requirements-period.xml:39:13: warning: temporal requirements of partition 0 "Partition0" cannot be met by plan 0 on processor 0: expected a major frame that is a multiple of the period 150 ms, found 200 ms [temporal-requirements]`,
    ],
  },
  "uart-baud-rate.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/uart-baud-rate.xml:22:26: error: baud rate of UART "Uart" must be positive: expected at least 1, found 0 [uart-baud-rate]`,
    ],
  },
  "uart-duplicate-id.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/uart-duplicate-id.xml:23:19: warning: UART "Uart2" is UART 0 again: expected each of the board's UARTs once [uart-duplicate-id]`,
    ],
  },
  "device-duplicate-name.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/device-duplicate-name.xml:23:44: warning: duplicate device name: expected each name once, found "Uart" again [device-duplicate-name]`,
    ],
  },
  "console-device.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/console-device.xml:34:58: error: console of partition 0 "Partition0" names no device: expected one of "Uart", found "UART" [console-device]`,
    ],
  },
  "partition-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/partition-id.xml:34:20: error: partition id must follow the table order: expected 0, found 1 [partition-id]`,
    ],
  },
  "partition-duplicate-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/partition-duplicate-id.xml:18:69: error: slot 1 of plan 0 on processor 0 names a partition that does not exist: expected one of 0, found 1 [slot-partition]`,
      `tests/fixtures/xmcf_broken/partition-duplicate-id.xml:38:20: error: duplicate partition id: expected each id once, found 0 again [partition-duplicate-id]`,
    ],
  },
  "partition-duplicate-name.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/partition-duplicate-name.xml:37:27: error: duplicate partition name: expected each name once, found "Partition0" again [partition-duplicate-name]`,
    ],
  },
  "port-duplicate-name.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/port-duplicate-name.xml:40:58: error: duplicate port name in partition 0 "Partition0": expected each name once, found "portS" again [port-duplicate-name]`,
    ],
  },
  "interrupt-line-range.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/interrupt-line-range.xml:39:29: error: hardware interrupt line of partition 0 "Partition0" does not exist: expected a line in [0, 15], found 16 [interrupt-line-range]`,
    ],
  },
  "interrupt-reserved.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/interrupt-reserved.xml:39:29: error: hardware interrupt line of partition 0 "Partition0" is reserved for XtratuM: expected a line other than 8 and 9 (XtratuM's timers), found 8 [interrupt-reserved]`,
    ],
  },
  "interrupt-shared.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/interrupt-shared.xml:45:29: error: hardware interrupt line 3 is granted twice: expected one owner, found partition 0 "Partition0" and partition 1 "Partition1" [interrupt-shared]`,
    ],
  },
  "io-port-alignment.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/io-port-alignment.xml:40:28: error: base of an I/O port range of partition 0 "Partition0" must be a multiple of 4: expected 0x80000100 or 0x80000104, found 0x80000102 [io-port-alignment]`,
    ],
  },
  "io-port-shared.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/io-port-shared.xml:49:21: error: I/O port 0x80100108 is granted twice: expected one grant, found grants in partition 0 "Partition0" and partition 1 "Partition1" [io-port-shared]`,
    ],
  },
  "hm-unknown-event.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/hm-unknown-event.xml:30:20: error: Event@name: bad HM event "XM_HM_EV_SPARCV8_DIVIDE_EXCEPTON": expected one of XM-Q's 39 event names (did you mean XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION?) [bad-value]`,
    ],
  },
  "hm-unknown-action.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/hm-unknown-action.xml:31:61: error: Event@action: bad HM action "XM_HM_AC_SHUTDOWN": XM-Q has no shutdown action (its schema lists XM_HM_AC_SHUTDOWN, but xmcparser rejects it) [bad-value]`,
    ],
  },
  "hm-action-not-allowed.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/hm-action-not-allowed.xml:30:61: error: HM action not allowed for XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION in the hypervisor's HM table: expected one of XM_HM_AC_IGNORE, XM_HM_AC_HYPERVISOR_COLD_RESET, XM_HM_AC_HYPERVISOR_WARM_RESET, XM_HM_AC_HALT, XM_HM_AC_SWITCH_TO_MAINTENANCE, found XM_HM_AC_PARTITION_COLD_RESET [hm-action-not-allowed]`,
    ],
  },
  "hm-event-not-allowed.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/hm-event-not-allowed.xml:30:20: error: HM event not allowed in the hypervisor's HM table: expected a generic or SPARC v8 event, found XM_HM_EV_APP_DEADLINE_MISSED [hm-event-not-allowed]`,
    ],
  },
  "hm-duplicate-event.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/hm-duplicate-event.xml:31:20: warning: duplicate HM event in the hypervisor's HM table: expected each event once, found XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION again (the last entry counts) [hm-duplicate-event]`,
    ],
  },
  "maintenance-plan-missing.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/maintenance-plan-missing.xml:30:61: error: HM action XM_HM_AC_SWITCH_TO_MAINTENANCE needs a maintenance plan (plan 1) on every processor: expected at least 2 plans on processor 0, found 1 [maintenance-plan-missing]`,
    ],
  },
  "channel-message-length.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-message-length.xml:62:44: error: maximum message length of queuing channel 0 must be positive: expected at least 1 byte, found 0 bytes [channel-message-length]`,
    ],
  },
  "channel-queue-depth.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-queue-depth.xml:62:25: error: maximum number of messages of queuing channel 0 must be positive: expected at least 1, found 0 [channel-queue-depth]`,
    ],
  },
  "channel-destinations.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-destinations.xml:67:13: error: queuing channel 0 has more than one destination: expected 1, found 2 [channel-destinations]`,
    ],
  },
  "channel-partition.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-partition.xml:57:17: warning: port "portS" of partition 2 "Partition2" is connected to no channel: expected a channel with it as its destination, found none [port-unconnected]`,
      `tests/fixtures/xmcf_broken/channel-partition.xml:71:26: error: destination 1 of sampling channel 0 names a partition that does not exist: expected one of 0, 1, 2, found 3 [channel-partition]`,
    ],
  },
  "channel-partition-name.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-partition-name.xml:65:42: warning: destination 0 of queuing channel 0 names partition 1 by another name: expected "Partition1", found "Partition2" [channel-partition-name]`,
    ],
  },
  "channel-port.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-port.xml:48:17: warning: port "portQ" of partition 1 "Partition1" is connected to no channel: expected a channel with it as its destination, found none [port-unconnected]`,
      `tests/fixtures/xmcf_broken/channel-port.xml:65:69: error: destination 0 of queuing channel 0 names a port that partition 1 "Partition1" does not have: expected one of "portQ", "portS", found "portq" [channel-port]`,
    ],
  },
  "channel-port-direction.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-port-direction.xml:64:69: error: destination 0 of queuing channel 0 is port "portQ" of partition 1 "Partition1", which has the wrong direction: expected destination, found source [channel-port-direction]`,
    ],
  },
  "channel-port-type.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/channel-port-type.xml:64:69: error: destination 0 of queuing channel 0 is port "portQ" of partition 1 "Partition1", which has the wrong type: expected queuing, found sampling [channel-port-type]`,
    ],
  },
  "port-multiple-channels.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/port-multiple-channels.xml:69:37: error: port "portQ" of partition 0 "Partition0" is used by two channels: expected one channel per port, found queuing channel 0 and queuing channel 1 [port-multiple-channels]`,
    ],
  },
  "port-unconnected.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/port-unconnected.xml:57:17: warning: port "portLog" of partition 2 "Partition2" is connected to no channel: expected a channel with it as its source, found none [port-unconnected]`,
    ],
  },
  "ipvi-partition.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/ipvi-partition.xml:42:35: error: destination of IPVI 0 names a partition that does not exist: expected one of 0, found 1 [ipvi-partition]`,
    ],
  },
  "program-partition.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/program-partition.xml:48:22: error: program "consumer.bin" is for a partition that does not exist: expected one of 0, 1, found 2 [program-partition]`,
    ],
  },
  "program-duplicate.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/program-duplicate.xml:48:22: error: duplicate program for partition 0 "Producer": expected one program per partition, found "consumer.bin" after "producer.elf" [program-duplicate]`,
    ],
  },
  // --- The reader: malformed XML (code xml-syntax)
  "xml-syntax-attribute-without-value.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-attribute-without-value.xml:34:45: error: malformed XML: attribute without value: expected flags="...", found flags [xml-syntax]`,
    ],
  },
  "xml-syntax-bare-ampersand.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-bare-ampersand.xml:34:40: error: malformed XML: bare "&": expected an entity reference such as &amp; [xml-syntax]`,
    ],
  },
  "xml-syntax-declaration-not-at-start.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-declaration-not-at-start.xml:4:1: error: malformed XML: an XML declaration must be at the start of the document [xml-syntax]`,
    ],
  },
  "xml-syntax-duplicate-attribute.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-duplicate-attribute.xml:34:97: error: malformed XML: duplicate attribute flags on <Partition> (first at 34:45): expected each attribute once [xml-syntax]`,
    ],
  },
  "xml-syntax-end-tag-without-start.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-end-tag-without-start.xml:42:1: error: malformed XML: end tag </SystemDescription> has no start tag [xml-syntax]`,
    ],
  },
  "xml-syntax-file-ends-in-tag.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-file-ends-in-tag.xml:34:9: error: malformed XML: the file ends inside the start tag <Partition> [xml-syntax]`,
    ],
  },
  "xml-syntax-mismatched-end-tag.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-mismatched-end-tag.xml:37:13: error: malformed XML: mismatched end tag: expected </PhysicalMemoryAreas> (start tag at 35:13), found </PhysicalMemoryArea> [xml-syntax]`,
    ],
  },
  "xml-syntax-no-root.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-no-root.xml:44:1: error: malformed XML: no root element: expected a root element such as <SystemDescription> [xml-syntax]`,
    ],
  },
  "xml-syntax-no-space-between-attributes.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-no-space-between-attributes.xml:16:49: error: malformed XML: no whitespace between attributes [xml-syntax]`,
    ],
  },
  "xml-syntax-second-root.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-second-root.xml:43:1: error: malformed XML: second root element <Channels>: expected a single root element [xml-syntax]`,
    ],
  },
  "xml-syntax-stray-end-tag.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-stray-end-tag.xml:39:9: error: malformed XML: mismatched end tag: expected </PartitionTable> (start tag at 33:5), found </Partition> [xml-syntax]`,
    ],
  },
  "xml-syntax-text-outside-root.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-text-outside-root.xml:42:1: error: malformed XML: text outside the root element [xml-syntax]`,
    ],
  },
  "xml-syntax-unclosed-element.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-unclosed-element.xml:5:1: error: malformed XML: unclosed element <SystemDescription>: expected </SystemDescription> before the end of the file [xml-syntax]`,
    ],
  },
  "xml-syntax-undeclared-prefix.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:44:5: error: malformed XML: undeclared namespace prefix xmb in <xmb:Board>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:45:5: error: malformed XML: undeclared namespace prefix xmb in <xmb:Programs>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:46:9: error: malformed XML: undeclared namespace prefix xmb in <xmb:Program>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:48:9: error: malformed XML: undeclared namespace prefix xmb in <xmb:Program>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:50:5: error: malformed XML: undeclared namespace prefix xmb in <xmb:Costs>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:51:9: error: malformed XML: undeclared namespace prefix xmb in <xmb:Cost>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
      `tests/fixtures/xmcf_broken/xml-syntax-undeclared-prefix.xml:52:9: error: malformed XML: undeclared namespace prefix xmb in <xmb:Cost>: expected a declaration xmlns:xmb="..." [xml-syntax]`,
    ],
  },
  "xml-syntax-undefined-entity.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-undefined-entity.xml:5:85: error: malformed XML: undefined entity &nbsp;: expected &lt;, &gt;, &amp;, &quot;, &apos; or a character reference (e.g. &#38;) [xml-syntax]`,
    ],
  },
  "xml-syntax-unfinished-comment.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-unfinished-comment.xml:35:9: error: malformed XML: unclosed comment: expected --> before the end of the file [xml-syntax]`,
    ],
  },
  "xml-syntax-unquoted-value.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/xml-syntax-unquoted-value.xml:13:27: error: malformed XML: attribute value without quotes: expected id="0", found id=0 [xml-syntax]`,
    ],
  },
  // --- The reader: the root and its namespace
  "stale-namespace.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/stale-namespace.xml:6:1: warning: SystemDescription: namespace http://www.xtratum.org/xm-2.3 (from the XtratuM manuals' prose) read as http://www.xtratum.org/xm-3.x [stale-namespace]`,
    ],
  },
  "wrong-namespace.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/wrong-namespace.xml:6:1: error: SystemDescription: wrong namespace: expected xmlns="http://www.xtratum.org/xm-3.x", found no namespace [wrong-namespace]`,
    ],
  },
  "wrong-namespace-version.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/wrong-namespace-version.xml:6:1: error: SystemDescription: wrong namespace: expected xmlns="http://www.xtratum.org/xm-3.x", found "http://www.xtratum.org/xm-3.7" [wrong-namespace]`,
    ],
  },
  "wrong-root.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/wrong-root.xml:5:1: error: wrong root element <System>: expected <SystemDescription xmlns="http://www.xtratum.org/xm-3.x"> [wrong-root]`,
    ],
  },
  // --- The reader: the schema
  "bad-element-count.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-element-count.xml:28:9: warning: XMHypervisor: XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's <PhysicalMemoryArea> (its size and flags; its start is ignored: XM-Q places the hypervisor where its build says) [xm3-spelling]`,
      `tests/fixtures/xmcf_broken/bad-element-count.xml:28:9: error: PhysicalMemoryAreas: XM-Q's hypervisor has one memory area: expected one <Area>, found 2 [bad-element-count]`,
    ],
  },
  "decimal-address.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/decimal-address.xml:10:32: warning: Region@start: decimal address "0" read as 0x00000000: expected hex (XM-Q's xmcparser accepts only 0x...) [decimal-address]`,
    ],
  },
  "duplicate-cost.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/duplicate-cost.xml:53:9: error: xmb:Cost: cost hypercall given twice (first at 51:9): expected each cost once [duplicate-cost]`,
    ],
  },
  "duplicate-element.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/duplicate-element.xml:31:9: error: XMHypervisor: more than one <HealthMonitor>: expected at most one [duplicate-element]`,
    ],
  },
  "missing-attribute.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/missing-attribute.xml:36:17: error: Area: missing attribute size [missing-attribute]`,
    ],
  },
  "unexpected-text.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/unexpected-text.xml:34:9: error: PartitionTable: unexpected text "// one partition own...": expected only elements [unexpected-text]`,
    ],
  },
  "unknown-attribute.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/unknown-attribute.xml:36:55: error: Area: unknown attribute flag: expected name, start, size, flags or mappedAt [unknown-attribute]`,
    ],
  },
  "unknown-element.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/unknown-element.xml:38:13: error: Partition: unknown element <HealthMonitoring>: expected <PhysicalMemoryAreas>, <TemporalRequirements>, <HealthMonitor>, <HwResources> or <PortTable> [unknown-element]`,
    ],
  },
  "unknown-element-xmbench.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/unknown-element-xmbench.xml:46:5: error: SystemDescription: unknown xmbench element <xmb:Program>: expected <HwDescription>, <XMHypervisor>, <ResidentSw>, <PartitionTable>, <Channels>, <xmb:Board>, <xmb:Programs> or <xmb:Costs> [unknown-element]`,
    ],
  },
  // --- The reader: bad values (code bad-value), one per kind of value
  "bad-value-boolean.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-boolean.xml:29:84: error: Event@log: bad boolean "1": expected yes, no, true or false [bad-value]`,
    ],
  },
  "bad-value-enum.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-enum.xml:10:21: error: Region@type: bad region type "SDRAM": expected sdram, stram or rom [bad-value]`,
    ],
  },
  "bad-value-flags.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-flags.xml:34:45: error: Partition@flags: bad partition flags "boot,fp": expected flags among system, fp, boot, icache_disabled, dcache_disabled or none, separated by spaces, found "boot,fp" [bad-value]`,
    ],
  },
  "bad-value-frequency.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-frequency.xml:13:31: error: Processor@frequency: bad frequency "80": expected a number with a unit MHz, Mhz, KHz or Khz (e.g. 80MHz) [bad-value]`,
    ],
  },
  "bad-value-hex.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-hex.xml:35:73: error: Partition@entryPoint: bad address "0x4008_0000": expected a hex number (e.g. 0x40000000) [bad-value]`,
    ],
  },
  "bad-value-hex-too-large.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-hex-too-large.xml:36:23: error: Area@start: bad address "0x400800000": expected at most 0xFFFFFFFF [bad-value]`,
    ],
  },
  "bad-value-hm-action-wrong-table.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-hm-action-wrong-table.xml:30:61: error: Event@action: bad HM action "XM_HM_AC_PARTITION_HALT": XtratuM 3.7's XM_HM_AC_PARTITION_HALT has no XM-Q equivalent in the hypervisor's table (there XM_HM_AC_HALT halts the whole system) [bad-value]`,
    ],
  },
  "bad-value-hm-event-no-equivalent.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-hm-event-no-equivalent.xml:29:20: error: Event@name: bad HM event "XM_HM_EV_FP_ERROR": XtratuM 3.7's XM_HM_EV_FP_ERROR has no XM-Q equivalent (XM-Q raises XM_HM_EV_SPARCV8_FP_EXCEPTION) [bad-value]`,
    ],
  },
  "bad-value-id.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-id.xml:16:67: error: Slot@partitionId: bad id "Partition0": expected a non-negative whole number (e.g. 0) [bad-value]`,
    ],
  },
  "bad-value-list.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-list.xml:39:29: error: Interrupts@lines: bad interrupt lines "3,4": expected non-negative whole numbers separated by spaces (e.g. "1 2"), found "3,4" [bad-value]`,
    ],
  },
  "bad-value-mask.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-mask.xml:40:54: error: Restricted@mask: bad mask "ff": expected a hex number (e.g. 0x000000FF) [bad-value]`,
    ],
  },
  "bad-value-number.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-number.xml:22:26: error: Uart@baudRate: bad number "115200bps": expected a non-negative whole number (e.g. 0) [bad-value]`,
    ],
  },
  "bad-value-size.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-size.xml:36:42: error: Area@size: bad size "128K": expected a number with a unit B, KB or MB (e.g. 128KB) [bad-value]`,
    ],
  },
  "bad-value-size-too-large.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-size-too-large.xml:10:53: error: Region@size: bad size "4096MB": expected at most 4294967295B, found 4294967296B [bad-value]`,
    ],
  },
  "bad-value-time.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-time.xml:16:50: error: Slot@duration: bad time "200": expected a number with a unit s, ms or us (e.g. 20ms) [bad-value]`,
    ],
  },
  "bad-value-time-fraction.xml": {
    exit: 1,
    stderr: [
      `tests/fixtures/xmcf_broken/bad-value-time-fraction.xml:16:50: error: Slot@duration: bad time "199.9995ms": expected a whole number of microseconds, found 199999.5us [bad-value]`,
    ],
  },
  // --- The reader: XtratuM 3.x spellings, read (xm3-spelling) or dropped (xm3-ignored) with a warning
  "xm3-ignored-health-monitor-device.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-ignored-health-monitor-device.xml:27:34: warning: XMHypervisor@healthMonitorDevice: XtratuM 3.7 attribute ignored: xmbench does not model an HM log device [xm3-ignored]`,
    ],
  },
  "xm3-ignored-no-vcpus.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-ignored-no-vcpus.xml:35:97: warning: Partition@noVCpus: XtratuM 3.7 attribute ignored: XM-Q has no noVCpus (slots name the virtual CPU with vCpuId) [xm3-ignored]`,
    ],
  },
  "xm3-ignored-partition-trace.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-ignored-partition-trace.xml:39:13: warning: Partition: <Trace> (XtratuM 3.x) ignored: xmbench does not model a partition's tracing [xm3-ignored]`,
    ],
  },
  "xm3-ignored-shared.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-ignored-shared.xml:37:55: warning: Area@flags: XtratuM 3.x flag "shared" dropped: XM-Q has no such flag (partitions share memory by listing the same area) [xm3-ignored]`,
    ],
  },
  "xm3-ignored-trace.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-ignored-trace.xml:32:9: warning: XMHypervisor: <Trace> (XtratuM 3.x) ignored: xmbench does not model the hypervisor's tracing [xm3-ignored]`,
    ],
  },
  "xm3-spelling-cold-reset.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-cold-reset.xml:30:61: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_COLD_RESET" read as XM-Q's XM_HM_AC_HYPERVISOR_COLD_RESET (in the hypervisor's table) [xm3-spelling]`,
    ],
  },
  "xm3-spelling-event-3-2.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-event-3-2.xml:30:20: warning: Event@name: XtratuM 3.2 spelling "XM_HM_EV_DIVIDE_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION [xm3-spelling]`,
    ],
  },
  "xm3-spelling-event-3-7.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-event-3-7.xml:30:20: warning: Event@name: XtratuM 3.7 spelling "XM_HM_EV_SPARC_DIVIDE_EXCEPTION" read as XM-Q's XM_HM_EV_SPARCV8_DIVIDE_EXCEPTION [xm3-spelling]`,
    ],
  },
  "xm3-spelling-hw-reload.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-hw-reload.xml:32:37: warning: Watchdog@hwReload: spelling of the XtratuM manuals read as the schema's hwReloadValue [xm3-spelling]`,
    ],
  },
  "xm3-spelling-hypervisor-areas.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-hypervisor-areas.xml:28:9: warning: XMHypervisor: XtratuM 3.2 spelling <PhysicalMemoryAreas><Area> read as XM-Q's <PhysicalMemoryArea> (its size and flags; its start is ignored: XM-Q places the hypervisor where its build says) [xm3-spelling]`,
    ],
  },
  "xm3-spelling-hypervisor-halt.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-hypervisor-halt.xml:30:61: warning: Event@action: XtratuM 3.7 spelling "XM_HM_AC_HYPERVISOR_HALT" read as XM-Q's XM_HM_AC_HALT (in the hypervisor's table) [xm3-spelling]`,
    ],
  },
  "xm3-spelling-memory-block-table.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-memory-block-table.xml:24:13: warning: Devices: XtratuM 3.2 spelling <MemoryBlockTable><Block> read as XM-Q's <MemoryBlock> [xm3-spelling]`,
    ],
  },
  "xm3-spelling-partition-halt.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-partition-halt.xml:40:56: warning: Event@action: XtratuM 3.7 spelling "XM_HM_AC_PARTITION_HALT" read as XM-Q's XM_HM_AC_HALT (in a partition's table) [xm3-spelling]`,
    ],
  },
  "xm3-spelling-ram.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-ram.xml:10:21: warning: Region@type: XtratuM 3.7 region type "ram" read as XM-Q's sdram [xm3-spelling]`,
    ],
  },
  "xm3-spelling-sched.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-sched.xml:14:17: warning: Processor: XtratuM 3.2 spelling <Sched><CyclicPlan> read as XM-Q's <CyclicPlanTable> [xm3-spelling]`,
    ],
  },
  "xm3-spelling-warm-reset.xml": {
    exit: 0,
    stderr: [
      `tests/fixtures/xmcf_broken/xm3-spelling-warm-reset.xml:40:56: warning: Event@action: XtratuM 3.2 spelling "XM_HM_AC_WARM_RESET" read as XM-Q's XM_HM_AC_PARTITION_WARM_RESET (in a partition's table) [xm3-spelling]`,
    ],
  },
};

/** The codes no XML file can produce, with why; each has a file showing what the user gets instead. */
const UNREACHABLE: Readonly<Record<string, string>> = {
  "version-format": "the reader rejects a version that is not N.N.N first (bad-value)",
  "name-empty": "the reader rejects an empty name first (bad-value: XM-Q's idString is non-empty)",
  "hm-unknown-event": "the reader rejects an unknown HM event first (bad-value, with a suggestion)",
  "hm-unknown-action": "the reader rejects an unknown HM action first (bad-value)",
  "internal": "a bug in the reader, not something a file can cause",
};

/** The reader's codes. */
const READER: readonly string[] = Object.keys(READER_CODES);

const LINE = /^(\S+):(\d+):(\d+): (error|warning): .* \[([a-z0-9-]+)\]$/;

/** The code at the end of a diagnostic line. */
function codeOf(line: string): string {
  const m = LINE.exec(line);
  assert.ok(m, `not a diagnostic line: ${line}`);
  return m[5];
}

/** The summary line `check` ends with. */
function summary(file: string, errors: number, warnings: number): string {
  const s = (n: number) => (n === 1 ? "" : "s");
  return `${DIR}/${file}: ${errors} error${s(errors)}, ${warnings} warning${s(warnings)}`;
}

// --- running the check -----------------------------------------------------------------------

/** What `check` printed and how it exited. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI's `check` in-process: the steps of `load` in `cli/config_commands.ts`, and its summary. */
function checkInProcess(file: string): Run {
  const path = `${DIR}/${file}`;
  const read = readConfigXml(Deno.readTextFileSync(`${ROOT}${path}`), path);
  const diagnostics = [...read.diagnostics];
  if (read.config !== undefined) diagnostics.push(...check(read.config, read.sources));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const lines = [
    ...diagnostics.map(formatDiagnostic),
    summary(file, errors, diagnostics.length - errors),
  ];
  return {
    code: errors > 0 ? 1 : 0,
    stdout: "",
    stderr: lines.map((l) => `${l}\n`).join(""),
  };
}

/** `deno run -A cli.ts check FILE` from the repository root. */
async function checkCli(file: string): Promise<Run> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cli.ts", "check", `${DIR}/${file}`],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/**
 * The files that also go through the real CLI: exit 0 and 1, the reader alone
 * (malformed XML, a wrong namespace, a bad value, an error with a warning),
 * the reader's warning then the validator, the validator's errors and
 * warnings in document order, the xmbench extension.
 */
const CLI_SAMPLE: readonly string[] = [
  "xml-syntax-undeclared-prefix.xml",
  "wrong-namespace.xml",
  "bad-value-time.xml",
  "bad-element-count.xml",
  "xm3-spelling-sched.xml",
  "slot-overlap.xml",
  "channel-port.xml",
  "area-overlap.xml",
  "program-duplicate.xml",
];

let cliRuns: Promise<Map<string, Run>> | undefined;

/** Runs the sample through the CLI, all at once (the first test to ask waits for all). */
function runSample(): Promise<Map<string, Run>> {
  cliRuns ??= Promise.all(CLI_SAMPLE.map(async (f) => [f, await checkCli(f)] as const))
    .then((runs) => new Map(runs));
  return cliRuns;
}

/** The output the table expects for a file. */
function expectedRun(file: string, c: Case): Run {
  const errors = c.stderr.filter((l) => LINE.exec(l)?.[4] === "error").length;
  return {
    code: c.exit,
    stdout: "",
    stderr: [...c.stderr, summary(file, errors, c.stderr.length - errors)]
      .map((l) => `${l}\n`).join(""),
  };
}

// --- the tests ---------------------------------------------------------------------------------

Deno.test("every broken file has a case, every case a file", () => {
  const files = [...Deno.readDirSync(`${ROOT}${DIR}`)]
    .filter((e) => e.isFile && e.name.endsWith(".xml"))
    .map((e) => e.name)
    .sort();
  assert.deepEqual(files, Object.keys(CASES).sort());
});

for (const [file, c] of Object.entries(CASES)) {
  Deno.test({
    name: `check ${file}`,
    ignore: c.ignore === true,
    fn: () => assert.deepEqual(checkInProcess(file), expectedRun(file, c)),
  });
}

for (const file of CLI_SAMPLE) {
  Deno.test(`deno run -A cli.ts check ${DIR}/${file}`, async () => {
    const run = (await runSample()).get(file)!;
    assert.deepEqual(run, expectedRun(file, CASES[file]));
  });
}

Deno.test("the CLI sample is in the table and covers exit 0 and 1, reader and validator", () => {
  const sample = CLI_SAMPLE.map((f) => CASES[f]);
  assert.ok(sample.every((c) => c !== undefined && !c.ignore));
  assert.ok(sample.some((c) => c.exit === 0) && sample.some((c) => c.exit === 1));
  const codes = new Set(sample.flatMap((c) => c.stderr.map(codeOf)));
  assert.ok(codes.has("xml-syntax") && codes.has("bad-value") && codes.has("slot-overlap"));
});

Deno.test("the table is consistent: exit 1 iff an error, every line a diagnostic of its file", () => {
  for (const [file, c] of Object.entries(CASES)) {
    const parsed = c.stderr.map((l) => LINE.exec(l));
    assert.ok(parsed.every((m) => m !== null), `${file}: every line is a diagnostic`);
    assert.ok(parsed.every((m) => m![1] === `${DIR}/${file}`), `${file}: lines name the file`);
    assert.equal(c.exit, parsed.some((m) => m![4] === "error") ? 1 : 0, `${file}: exit code`);
    assert.ok(c.stderr.length > 0, `${file}: at least one diagnostic`);
  }
});

Deno.test("each broken file says at its top what is wrong", () => {
  for (const file of Object.keys(CASES)) {
    const text = Deno.readTextFileSync(`${ROOT}${DIR}/${file}`);
    assert.match(text, /^(<\?xml version="1.0"\?>\n)?<!--\n {2}\S/, `${file}: top comment`);
  }
});

Deno.test("each line has its code's severity (READER_CODES or CHECKS)", () => {
  const severities: Record<string, string> = {};
  for (const [code, info] of [...Object.entries(CHECKS), ...Object.entries(READER_CODES)]) {
    assert.equal(severities[code] ?? info.severity, info.severity, `${code}: one severity`);
    severities[code] = info.severity;
  }
  for (const c of Object.values(CASES)) {
    for (const line of c.stderr) assert.equal(LINE.exec(line)![4], severities[codeOf(line)], line);
  }
});

Deno.test("every CHECKS code and every reader code comes from some broken file, or cannot", () => {
  const all = new Set([...Object.keys(CHECKS), ...READER]);
  const covered = new Set(
    Object.values(CASES).filter((c) => !c.ignore).flatMap((c) => c.stderr.map(codeOf)),
  );
  for (const code of Object.keys(UNREACHABLE)) assert.ok(all.has(code), `${code} is a code`);
  for (const code of covered) assert.ok(all.has(code), `${code} (in the table) is a known code`);
  const missing = [...all].filter((code) => !covered.has(code) && !(code in UNREACHABLE));
  assert.deepEqual(missing, [], "codes no broken file produces");
  const reached = Object.keys(UNREACHABLE).filter((code) => covered.has(code));
  assert.deepEqual(reached, [], "codes listed as unreachable that a file produces");
});

Deno.test("each file named after a code produces it (or, for an unreachable check, bad-value)", () => {
  const all = [...Object.keys(CHECKS), ...READER];
  for (const [file, c] of Object.entries(CASES)) {
    const name = file.replace(/\.xml$/, "");
    const code = all
      .filter((k) => name === k || name.startsWith(`${k}-`))
      .sort((a, b) => b.length - a.length)[0];
    assert.ok(code, `${file} is named after a code`);
    const expected = code in UNREACHABLE ? "bad-value" : code;
    assert.ok(c.stderr.some((l) => codeOf(l) === expected), `${file} produces ${expected}`);
  }
});
