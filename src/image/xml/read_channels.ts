/**
 * The XM_CF reader's channels: `Channels` with its sampling and queuing
 * channels (each a `Source` and `Destination`s) and IPVIs.
 *
 * @module
 */
import type { ChannelConfig, ChannelEndConfig } from "../config.ts";
import { parseSize, parseTime, parseUnsignedList } from "./values.ts";
import { compact, count, ElementReader, id, name } from "./element_reader.ts";

function readChannelEnd(r: ElementReader): ChannelEndConfig {
  const end = compact({
    partitionId: r.required("partitionId", id, 0),
    partitionName: r.optional("partitionName", name),
    portName: r.required("portName", name, ""),
  });
  r.finishAttributes();
  r.children({});
  return end;
}

/** Reads a channel's `Source` and `Destination`s. */
function readEnds(
  r: ElementReader,
): { source: ChannelEndConfig; destinations: ChannelEndConfig[] } {
  let source: ChannelEndConfig = { partitionId: 0, portName: "" };
  const destinations: ChannelEndConfig[] = [];
  const counts = r.children({
    Source: {
      single: true,
      read: (c, p) => (source = readChannelEnd(new ElementReader(r.reader, c, p))),
    },
    Destination: {
      read: (c, p) => destinations.push(readChannelEnd(new ElementReader(r.reader, c, p))),
    },
  });
  r.requireChild(counts, "Source");
  return { source, destinations };
}

/** `Channels`. */
export function readChannels(r: ElementReader): ChannelConfig[] {
  r.finishAttributes();
  const channels: ChannelConfig[] = [];
  r.children({
    SamplingChannel: {
      read: (c, p) => {
        const s = new ElementReader(r.reader, c, p);
        const maxMessageLength = s.required("maxMessageLength", parseSize, 0);
        const refreshPeriod = s.defaulted("refreshPeriod", parseTime, 0);
        s.finishAttributes();
        channels.push({ kind: "sampling", maxMessageLength, refreshPeriod, ...readEnds(s) });
      },
    },
    QueuingChannel: {
      read: (c, p) => {
        const q = new ElementReader(r.reader, c, p);
        const maxMessageLength = q.required("maxMessageLength", parseSize, 0);
        const maxNoMessages = q.required("maxNoMessages", count, 0);
        const maxTimeExpiration = q.defaulted("maxTimeExpiration", parseTime, 0);
        q.finishAttributes();
        channels.push({
          kind: "queuing",
          maxMessageLength,
          maxNoMessages,
          maxTimeExpiration,
          ...readEnds(q),
        });
      },
    },
    Ipvi: {
      read: (c, p) => {
        const i = new ElementReader(r.reader, c, p);
        channels.push({
          kind: "ipvi",
          id: i.required("id", id, 0),
          sourceId: i.required("sourceId", id, 0),
          destinationIds: i.required(
            "destinationId",
            (raw) => parseUnsignedList(raw, "partition ids"),
            [],
          ),
        });
        i.finishAttributes();
        i.children({});
      },
    },
  });
  return channels;
}
