/**
 * Cuts an H.264 Annex B byte stream, as it arrives in arbitrary chunks from a pipe, into access
 * units. The encoder is asked for an access unit delimiter (NAL type 9) before every picture: Annex B
 * has no lengths and a NAL unit only ends where the next start code begins, so a picture is known
 * complete when the next picture's delimiter arrives. Pure: bytes in, NAL units out.
 */

const NAL_AUD = 9;

export interface AccessUnit {
  /** The picture's NAL units (header byte first, no start codes, own copies), the delimiter left out. */
  nals: Uint8Array[];
  /** `now` of the `push` that brought the picture's delimiter: when it came out of the encoder. */
  receivedAt: number;
}

export class H264AccessUnitReader {
  /** From the last start code on: a NAL unit that may not be whole yet. */
  private pending = new Uint8Array(0);
  private current: AccessUnit | undefined;
  private _skipped = 0;

  /** NAL units dropped before the first delimiter (a stream joined mid-picture). */
  get skipped(): number {
    return this._skipped;
  }

  /** Appends `chunk`; returns the access units it completed, oldest first. */
  push(chunk: Uint8Array, now: number): AccessUnit[] {
    const data = concat(this.pending, chunk);
    const done: AccessUnit[] = [];
    const starts = startCodes(data);
    for (let i = 0; i + 1 < starts.length; i++) {
      this.onNal(data.subarray(starts[i]!.payload, starts[i + 1]!.code), now, done);
    }
    const last = starts[starts.length - 1];
    // Without a start code yet, only a tail that could begin one is worth keeping.
    this.pending = new Uint8Array(data.subarray(last ? last.code : Math.max(0, data.length - 3)));
    return done;
  }

  /** The end of the stream: the picture still open, if it has any NAL unit. */
  flush(now: number): AccessUnit | undefined {
    const done: AccessUnit[] = [];
    const first = startCodes(this.pending)[0];
    if (first) this.onNal(this.pending.subarray(first.payload), now, done);
    this.pending = new Uint8Array(0);
    const unit = done[0] ?? this.current;
    this.current = undefined;
    return unit && unit.nals.length > 0 ? unit : undefined;
  }

  private onNal(nal: Uint8Array, now: number, done: AccessUnit[]): void {
    const trimmed = trimTrailingZeros(nal);
    if (trimmed.length === 0) return;
    if (((trimmed[0] ?? 0) & 0x1f) === NAL_AUD) {
      if (this.current && this.current.nals.length > 0) done.push(this.current);
      this.current = { nals: [], receivedAt: now };
    } else if (this.current) {
      this.current.nals.push(new Uint8Array(trimmed));
    } else {
      this._skipped++;
    }
  }
}

/** Each start code: where it begins (a 4-byte code's leading zero included) and where its NAL unit does. */
function startCodes(data: Uint8Array): { code: number; payload: number }[] {
  const found: { code: number; payload: number }[] = [];
  for (let i = 0; i + 2 < data.length; i++) {
    // A byte above 1 at i+2 rules out a start code at i, i+1 and i+2.
    if (data[i + 2]! > 1) {
      i += 2;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      found.push({ code: i > 0 && data[i - 1] === 0 ? i - 1 : i, payload: i + 3 });
      i += 2;
    }
  }
  return found;
}

/** A 4-byte start code's leading zero (or trailing_zero_8bits) is not the NAL unit's data. */
function trimTrailingZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
