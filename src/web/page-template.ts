import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';

/** What may be put into a hole: tokens (base64url and dots), nothing HTML could misread. */
const HOLE_VALUE = /^[A-Za-z0-9._-]*$/;

/** gzip header: deflate, no name, no time, unknown OS (RFC 1952 §2.3). */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);

/**
 * A page rendered once, with holes where each request's own values go (the form page's key
 * and anti-forgery token), served without rendering or compressing the whole page again.
 *
 * The gzip body is spliced: the text before the first hole is deflated once and ends on a
 * byte boundary (a sync flush), the holes and the short text between them go in as a
 * stored (uncompressed) deflate block, and the text after the last hole is deflated once
 * as the final block. Only the CRC-32 of the request's bytes and of the short end is
 * computed per request. The holes sit near the end of the page, so that almost all of it is
 * compressed as one.
 */
export class PageTemplate {
  /** A fresh, unguessable marker to render where a hole goes. */
  static hole(): string {
    return `hole${randomBytes(12).toString('hex')}`;
  }

  private readonly head: Buffer;
  private readonly between: Buffer[];
  private readonly tail: Buffer;
  /** The gzip header and the deflated text before the first hole. */
  private readonly gzipHead: Buffer;
  private readonly deflatedTail: Buffer;
  private readonly headCrc: number;

  /** `html` holds each of `holes` exactly once, in that order. */
  constructor(html: string, holes: string[]) {
    const parts: string[] = [];
    let rest = html;
    for (const hole of holes) {
      const at = rest.indexOf(hole);
      if (at < 0 || rest.indexOf(hole, at + 1) >= 0) throw new Error(`the page must hold its hole ${hole} once`);
      parts.push(rest.slice(0, at));
      rest = rest.slice(at + hole.length);
    }
    parts.push(rest);
    this.head = Buffer.from(parts[0]!);
    this.between = parts.slice(1, -1).map((p) => Buffer.from(p));
    this.tail = Buffer.from(parts.at(-1)!);
    this.gzipHead = Buffer.concat([GZIP_HEADER, zlib.deflateRawSync(this.head, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH })]);
    this.deflatedTail = zlib.deflateRawSync(this.tail, { level: 9 });
    this.headCrc = zlib.crc32(this.head);
  }

  /**
   * The page with `values` in its holes, gzip-encoded or as it is, in pieces to be written
   * one after the other: the large ones are the same buffers every time, not copies.
   */
  fill(values: string[], encoding: 'gzip' | 'identity'): Buffer[] {
    if (values.length !== this.between.length + 1 || !values.every((v) => HOLE_VALUE.test(v))) {
      throw new Error('a page template takes one token per hole');
    }
    const middle: Buffer[] = [Buffer.from(values[0]!)];
    this.between.forEach((text, i) => middle.push(text, Buffer.from(values[i + 1]!)));
    const stored = Buffer.concat(middle);
    if (encoding === 'identity') return [this.head, stored, this.tail];
    if (stored.length > 0xffff) throw new Error('the text between holes must stay short');

    // A stored block (RFC 1951 §3.2.4): BFINAL 0 and BTYPE 00, padded to a byte, then LEN and NLEN.
    const block = Buffer.allocUnsafe(5 + stored.length);
    block.writeUInt8(0, 0);
    block.writeUInt16LE(stored.length, 1);
    block.writeUInt16LE(~stored.length & 0xffff, 3);
    stored.copy(block, 5);
    const trailer = Buffer.allocUnsafe(8);
    trailer.writeUInt32LE(zlib.crc32(this.tail, zlib.crc32(stored, this.headCrc)), 0);
    trailer.writeUInt32LE((this.head.length + stored.length + this.tail.length) >>> 0, 4);
    return [this.gzipHead, block, this.deflatedTail, trailer];
  }
}
