import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { zipInventory } from '../../../api/imports/zip.js';
import { zip } from '../../helpers/zip.js';

describe('what a ZIP declares, read without unpacking', () => {
  it('counts the entries and their unpacked bytes', () => {
    const bytes = zip([
      { name: 'a.xml', data: new Uint8Array(1000) },
      { name: 'b/c.xml', data: new Uint8Array(2345) },
    ]);
    expect(zipInventory(bytes)).toEqual({ entries: 2, unpacked: 3345 });
    expect(zipInventory(zip([{ name: 'x', data: new Uint8Array(10), declared: 4_000_000_000 }]))).toEqual({
      entries: 1,
      unpacked: 4_000_000_000,
    });
  });

  it('reads a workbook Excel writes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Hồ sơ').addRows([['Mã hồ sơ'], ['BD-0001']]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const inventory = zipInventory(bytes);
    expect(inventory?.entries).toBeGreaterThan(5);
    expect(inventory?.unpacked).toBeGreaterThan(bytes.length);
  });

  it('trusts nothing truncated or out of bounds', () => {
    const bytes = zip([{ name: 'a.xml', data: new Uint8Array(100) }]);
    expect(zipInventory(bytes.subarray(0, bytes.length - 5))).toBeNull();
    expect(zipInventory(new Uint8Array(10))).toBeNull();
    const moved = bytes.slice();
    new DataView(moved.buffer).setUint32(moved.length - 6, 1_000_000, true); // directory offset past the end
    expect(zipInventory(moved)).toBeNull();
  });
});
