import { SdpError } from './sdp-error';

/**
 * `application/trickle-ice-sdpfrag` (RFC 8840) as WHIP/WHEP PATCH bodies carry it: session-level
 * ICE credentials, then per m= line a mid, candidates and end-of-candidates.
 */
export interface SdpFragMedia {
  mid?: string;
  candidates: string[];
  endOfCandidates: boolean;
}

export interface SdpFrag {
  ufrag?: string;
  pwd?: string;
  media: SdpFragMedia[];
}

export function parseSdpFrag(text: string): SdpFrag {
  const frag: SdpFrag = { media: [] };
  let current: SdpFragMedia | undefined;
  const target = (): SdpFragMedia => {
    if (!current) {
      // Candidates before any m= line belong to the first (bundled) m= line.
      current = { candidates: [], endOfCandidates: false };
      frag.media.push(current);
    }
    return current;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith('m=')) {
      current = { candidates: [], endOfCandidates: false };
      frag.media.push(current);
    } else if (line.startsWith('a=ice-ufrag:')) {
      frag.ufrag = line.slice('a=ice-ufrag:'.length).trim();
    } else if (line.startsWith('a=ice-pwd:')) {
      frag.pwd = line.slice('a=ice-pwd:'.length).trim();
    } else if (line.startsWith('a=mid:')) {
      target().mid = line.slice('a=mid:'.length).trim();
    } else if (line.startsWith('a=candidate:')) {
      const candidate = line.slice('a='.length).trim();
      if (candidate.split(' ').length < 8) throw SdpError.malformed(`malformed candidate: "${candidate}"`);
      target().candidates.push(candidate);
    } else if (line === 'a=end-of-candidates') {
      target().endOfCandidates = true;
    } else if (!/^[a-z]=/.test(line)) {
      throw SdpError.malformed(`not an SDP fragment line: "${line.slice(0, 80)}"`);
    }
  }
  if ((frag.ufrag === undefined) !== (frag.pwd === undefined)) {
    throw SdpError.malformed('an SDP fragment must carry both a=ice-ufrag and a=ice-pwd, or neither');
  }
  return frag;
}

export interface SdpFragAnswer {
  ufrag: string;
  pwd: string;
  /** The bundled m= line the candidates belong to, e.g. `m=audio 9 UDP/TLS/RTP/SAVPF 111` and mid `0`. */
  mLine: string;
  mid: string;
  candidates: string[];
}

/** The server's reply to an ICE restart: new credentials and all of its candidates (it never trickles). */
export function serializeSdpFrag(answer: SdpFragAnswer): string {
  const lines = [
    `a=ice-ufrag:${answer.ufrag}`,
    `a=ice-pwd:${answer.pwd}`,
    answer.mLine,
    `a=mid:${answer.mid}`,
    ...answer.candidates.map((candidate) => `a=${candidate.replace(/^a=/, '')}`),
    'a=end-of-candidates',
  ];
  return lines.join('\r\n') + '\r\n';
}
