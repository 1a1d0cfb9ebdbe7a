/**
 * The checks of the channels: sampling and queuing channels (sizes,
 * destinations, their ends' partitions and ports), ports that belong to no
 * channel or to two, and IPVIs.
 *
 * @module
 */
import {
  attributePath,
  type ChannelConfig,
  type ChannelEndConfig,
  childPath,
  type ConfigPath,
  type PortConfig,
} from "../config.ts";
import type { Checker } from "./context.ts";
import { bytes, label, oneOf, quote } from "./format.ts";
import { CHANNEL_ELEMENT, CHANNELS, kindPaths, portPath } from "./paths.ts";

/** The channels, and ports that belong to none. */
export function checkChannels(c: Checker): void {
  const channels = c.config.channels;
  const paths = kindPaths(CHANNELS, channels, (ch) => CHANNEL_ELEMENT[ch.kind]);
  const counters = { sampling: 0, queuing: 0, ipvi: 0 };
  /** Which channel first used each port, by partition id and port name. */
  const users = new Map<string, string>();
  const used = new Set<string>();
  channels.forEach((ch, n) => {
    const path = paths[n];
    const index = counters[ch.kind]++;
    if (ch.kind === "ipvi") return checkIpvi(c, ch, path);
    const what = `${ch.kind} channel ${index}`;
    if (ch.maxMessageLength <= 0) {
      c.report(
        "channel-message-length",
        attributePath(path, "maxMessageLength"),
        `maximum message length of ${what} must be positive: expected at least 1 byte, found ${
          bytes(ch.maxMessageLength)
        }`,
      );
    }
    if (ch.kind === "queuing" && ch.maxNoMessages <= 0) {
      c.report(
        "channel-queue-depth",
        attributePath(path, "maxNoMessages"),
        `maximum number of messages of ${what} must be positive: expected at least 1, found ${ch.maxNoMessages}`,
      );
    }
    if (ch.destinations.length === 0) {
      c.report(
        "channel-destinations",
        path,
        `${what} has no destination: expected ${
          ch.kind === "queuing" ? "1" : "1 or more"
        }, found 0`,
      );
    }
    const ends: [ChannelEndConfig, ConfigPath, "source" | "destination", string][] = [
      [ch.source, childPath(path, "Source"), "source", `source of ${what}`],
      ...ch.destinations.map((d, j) =>
        [d, childPath(path, "Destination", j), "destination", `destination ${j} of ${what}`] as [
          ChannelEndConfig,
          ConfigPath,
          "destination",
          string,
        ]
      ),
    ];
    ends.forEach(([end, endPath, direction, endWhat], e) => {
      if (ch.kind === "queuing" && e > 1) {
        c.report(
          "channel-destinations",
          endPath,
          `${what} has more than one destination: expected 1, found ${ch.destinations.length}`,
        );
      }
      const port = checkChannelEnd(c, ch, end, endPath, direction, endWhat);
      if (port === undefined) return;
      const key = `${end.partitionId}/${end.portName}`;
      used.add(key);
      const first = users.get(key);
      if (first !== undefined) {
        const p = c.partitionById.get(end.partitionId)!;
        c.report(
          "port-multiple-channels",
          attributePath(endPath, "portName"),
          `port ${quote(end.portName)} of ${
            label(p)
          } is used by two channels: expected one channel per port, found ${
            first === what ? `${what} twice` : `${first} and ${what}`
          }`,
        );
      } else {
        users.set(key, what);
      }
    });
  });
  c.config.partitions.forEach((p, i) => {
    if (c.partitionById.get(p.id) !== p) return;
    p.ports.forEach((port, j) => {
      if (used.has(`${p.id}/${port.name}`)) return;
      c.report(
        "port-unconnected",
        portPath(i, j),
        `port ${quote(port.name)} of ${
          label(p)
        } is connected to no channel: expected a channel with it as its ${port.direction}, found none`,
      );
    });
  });
}

/** One end of a sampling or queuing channel; returns its port when it exists. */
function checkChannelEnd(
  c: Checker,
  ch: Exclude<ChannelConfig, { kind: "ipvi" }>,
  end: ChannelEndConfig,
  path: ConfigPath,
  direction: "source" | "destination",
  what: string,
): PortConfig | undefined {
  const p = c.partitionById.get(end.partitionId);
  if (p === undefined) {
    c.report(
      "channel-partition",
      attributePath(path, "partitionId"),
      `${what} names a partition that does not exist: expected ${c.expectedPartition()}, found ${end.partitionId}`,
    );
    return undefined;
  }
  if (end.partitionName !== undefined && end.partitionName !== p.name) {
    c.report(
      "channel-partition-name",
      attributePath(path, "partitionName"),
      `${what} names partition ${p.id} by another name: expected ${
        p.name === undefined ? "no name (the partition has none)" : quote(p.name)
      }, found ${quote(end.partitionName)}`,
    );
  }
  const portName = attributePath(path, "portName");
  const port = p.ports.find((q) => q.name === end.portName);
  if (port === undefined) {
    c.report(
      "channel-port",
      portName,
      `${what} names a port that ${label(p)} does not have: expected ${
        oneOf(p.ports.map((q) => quote(q.name)), "a port (the partition has none)")
      }, found ${quote(end.portName)}`,
    );
    return undefined;
  }
  if (port.direction !== direction) {
    c.report(
      "channel-port-direction",
      portName,
      `${what} is port ${quote(port.name)} of ${
        label(p)
      }, which has the wrong direction: expected ${direction}, found ${port.direction}`,
    );
  }
  if (port.type !== ch.kind) {
    c.report(
      "channel-port-type",
      portName,
      `${what} is port ${quote(port.name)} of ${
        label(p)
      }, which has the wrong type: expected ${ch.kind}, found ${port.type}`,
    );
  }
  return port;
}

/** An IPVI: its partitions exist. */
function checkIpvi(c: Checker, ch: Extract<ChannelConfig, { kind: "ipvi" }>, path: ConfigPath) {
  const ends: [number, string, string][] = [
    [ch.sourceId, "sourceId", "source"],
    ...ch.destinationIds.map((id) =>
      [id, "destinationId", "destination"] as [number, string, string]
    ),
  ];
  for (const [id, attribute, role] of ends) {
    if (c.partitionById.has(id)) continue;
    c.report(
      "ipvi-partition",
      attributePath(path, attribute),
      `${role} of IPVI ${ch.id} names a partition that does not exist: expected ${c.expectedPartition()}, found ${id}`,
    );
  }
}
