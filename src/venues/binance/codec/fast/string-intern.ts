/**
 * Short strings of a frame (symbol, stream name, trade type) read by range without allocating: a 256-slot
 * direct-mapped table keeps the last string seen per hash, so a repeated value costs a compare, not a slice.
 * A miss stores a flat copy (never a slice of the caller's text, which may be a 512 KiB batch of lines that
 * the table would otherwise keep alive).
 */
const SLOTS = 256;

export class StringIntern {
  private readonly slots: string[] = new Array<string>(SLOTS).fill('');

  get(text: string, start: number, end: number): string {
    let h = end - start;
    for (let i = start; i < end; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
    const slot = h & (SLOTS - 1);
    const known = this.slots[slot] as string;
    if (known.length === end - start && text.startsWith(known, start)) return known;
    // The range holds no quote, backslash or control char (JsonCursor.string checked): a valid JSON string body.
    const fresh = JSON.parse(`"${text.slice(start, end)}"`) as string;
    this.slots[slot] = fresh;
    return fresh;
  }
}
