import { SdpError } from './sdp-error';

/**
 * A minimal, lossless SDP model: the relay only needs to validate offers, read codecs and ICE
 * credentials, and drop payload types and candidates before werift sees the offer. Lines are kept
 * verbatim, so serializing an untouched description gives back the same text.
 */
export interface SdpCodec {
  payloadType: number;
  /** Encoding name as written (`H264`, `opus`, `rtx`). */
  name: string;
  clockRate: number;
  channels?: number;
  /** fmtp parameters, keys lower-cased. */
  params: Record<string, string>;
}

export interface SdpMediaSection {
  kind: string;
  port: number;
  proto: string;
  formats: string[];
  /** Every line after the `m=` line, up to the next `m=`. */
  lines: string[];
}

export interface SessionDescriptionModel {
  /** Lines before the first `m=` line. */
  session: string[];
  media: SdpMediaSection[];
}

const M_LINE = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)(?: (.+))?$/;

export function parseSdp(text: string): SessionDescriptionModel {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines[0] !== 'v=0') throw SdpError.malformed('the SDP must start with "v=0"');
  const model: SessionDescriptionModel = { session: [], media: [] };
  for (const line of lines) {
    if (!/^[a-z]=/.test(line)) throw SdpError.malformed(`not an SDP line: "${truncate(line)}"`);
    if (line.startsWith('m=')) {
      const match = M_LINE.exec(line);
      if (!match) throw SdpError.malformed(`malformed m= line: "${truncate(line)}"`);
      model.media.push({
        kind: match[1] ?? '',
        port: Number(match[2]),
        proto: match[3] ?? '',
        formats: (match[4] ?? '').split(' ').filter(Boolean),
        lines: [],
      });
    } else {
      const current = model.media.at(-1);
      if (current) current.lines.push(line);
      else model.session.push(line);
    }
  }
  if (model.media.length === 0) throw SdpError.malformed('no m= line');
  return model;
}

export function serializeSdp(model: SessionDescriptionModel): string {
  const lines = [...model.session];
  for (const section of model.media) {
    const formats = section.formats.length ? ` ${section.formats.join(' ')}` : '';
    lines.push(`m=${section.kind} ${section.port} ${section.proto}${formats}`, ...section.lines);
  }
  return lines.join('\r\n') + '\r\n';
}

/** Values of `a=<name>:` (or flag `a=<name>`) lines in a list of lines. */
export function attributes(lines: readonly string[], name: string): string[] {
  const prefix = `a=${name}`;
  const values: string[] = [];
  for (const line of lines) {
    if (line === prefix) values.push('');
    else if (line.startsWith(`${prefix}:`)) values.push(line.slice(prefix.length + 1));
  }
  return values;
}

/** A media-level attribute, falling back to the session level (ICE and DTLS attributes may be either). */
export function attribute(
  model: SessionDescriptionModel,
  section: SdpMediaSection,
  name: string,
): string | undefined {
  return attributes(section.lines, name)[0] ?? attributes(model.session, name)[0];
}

export function codecsOf(section: SdpMediaSection): SdpCodec[] {
  const codecs = new Map<number, SdpCodec>();
  for (const value of attributes(section.lines, 'rtpmap')) {
    const match = /^(\d+) ([^/\s]+)\/(\d+)(?:\/(\d+))?/.exec(value);
    if (!match) throw SdpError.malformed(`malformed a=rtpmap: "${truncate(value)}"`);
    const payloadType = Number(match[1]);
    codecs.set(payloadType, {
      payloadType,
      name: match[2] ?? '',
      clockRate: Number(match[3]),
      ...(match[4] ? { channels: Number(match[4]) } : {}),
      params: {},
    });
  }
  for (const value of attributes(section.lines, 'fmtp')) {
    const space = value.indexOf(' ');
    const codec = codecs.get(Number(value.slice(0, space)));
    if (!codec || space < 0) continue;
    for (const pair of value.slice(space + 1).split(';')) {
      const eq = pair.indexOf('=');
      if (eq > 0) codec.params[pair.slice(0, eq).trim().toLowerCase()] = pair.slice(eq + 1).trim();
    }
  }
  // Only formats listed on the m= line count, in their order of preference.
  return section.formats.flatMap((format) => codecs.get(Number(format)) ?? []);
}

export function isActive(section: SdpMediaSection): boolean {
  return section.port !== 0;
}

/**
 * Checks what werift needs and would otherwise fail on with an unreadable error: ICE credentials,
 * a DTLS fingerprint and a mid in every active media section, and at most one audio and one video
 * section (WHIP and WHEP carry one of each).
 */
export function validateOffer(model: SessionDescriptionModel): void {
  const counts = new Map<string, number>();
  model.media.forEach((section, index) => {
    const where = `m= line ${index} (${section.kind})`;
    if (!isActive(section)) return;
    if (!section.proto.includes('RTP') && section.kind !== 'application') {
      throw SdpError.malformed(`${where}: unsupported transport ${section.proto}`);
    }
    for (const name of ['ice-ufrag', 'ice-pwd', 'fingerprint']) {
      if (attribute(model, section, name) === undefined)
        throw SdpError.malformed(`${where}: missing a=${name}`);
    }
    if (attributes(section.lines, 'mid').length === 0) throw SdpError.malformed(`${where}: missing a=mid`);
    codecsOf(section);
    counts.set(section.kind, (counts.get(section.kind) ?? 0) + 1);
  });
  for (const kind of ['audio', 'video']) {
    if ((counts.get(kind) ?? 0) > 1) throw SdpError.malformed(`more than one ${kind} m= line`);
  }
  if (!counts.has('audio') && !counts.has('video'))
    throw SdpError.malformed('no active audio or video m= line');
}

/** Keeps only `payloadTypes` in a media section: on the m= line and in rtpmap/fmtp/rtcp-fb lines. */
export function keepPayloadTypes(section: SdpMediaSection, payloadTypes: readonly number[]): SdpMediaSection {
  const keep = new Set(payloadTypes.map(String));
  const perPt = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ \s]/;
  return {
    ...section,
    formats: section.formats.filter((format) => keep.has(format)),
    lines: section.lines.filter((line) => {
      const match = perPt.exec(line);
      return !match || keep.has(match[1] ?? '');
    }),
  };
}

/** Removes `a=candidate` lines whose connection address `allow` rejects. */
export function filterCandidates(
  section: SdpMediaSection,
  allow: (address: string) => boolean,
): SdpMediaSection {
  return {
    ...section,
    lines: section.lines.filter((line) => {
      if (!line.startsWith('a=candidate:')) return true;
      const address = candidateAddress(line.slice('a='.length));
      return address !== undefined && allow(address);
    }),
  };
}

/** The connection address of a `candidate:` attribute value (the 5th field). */
export function candidateAddress(candidate: string): string | undefined {
  return candidate.replace(/^a=/, '').split(' ')[4];
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
