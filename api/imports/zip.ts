/** What a ZIP file (an XLSX) says it holds, read from its central directory without unpacking. */
export interface ZipInventory {
  entries: number;
  /** Bytes once unpacked, as the directory declares them. */
  unpacked: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/**
 * Reads the end-of-central-directory record (searched back over a comment of up to 64 KiB) and
 * every directory entry. `bytes` are the file's end from position `origin` on (the whole file when
 * 0); they must hold the directory. Null when the bytes are not a ZIP this reader trusts:
 * truncated, entries out of bounds, or ZIP64 (sizes over 4 GiB, never a sane spreadsheet).
 */
export function zipInventory(bytes: Uint8Array, origin = 0): ZipInventory | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff || offset < origin || offset - origin + size > end) return null;
  let unpacked = 0;
  let at = offset - origin;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== DIRECTORY_ENTRY) return null;
    const entrySize = view.getUint32(at + 24, true);
    if (entrySize === 0xffffffff) return null;
    unpacked += entrySize;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { entries, unpacked };
}

/** Where a ZIP's central directory starts, from the file's last bytes (null: no end record there). */
export function directoryOffset(tail: Uint8Array): number | null {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) return view.getUint32(i + 16, true);
  }
  return null;
}
