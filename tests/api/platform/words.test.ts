import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, editDistance, wordKey } from '../../../api/platform/words.js';

describe('wordKey (headings and channel words as systems write them)', () => {
  it('puts NFD and NFC, old and new tone placement, case and spacing together', () => {
    expect(wordKey('Số hoá hồ sơ:'.normalize('NFD'))).toBe(wordKey('số hóa hồ sơ'));
    expect(wordKey('  TRỰC   TUYẾN  TOÀN TRÌNH ')).toBe('trực tuyến toàn trình'); // "toàn" keeps its tone on the a
    expect(wordKey('Thủ tục hoà giải.')).toBe('thủ tục hòa giải');
    expect(wordKey('khoá')).toBe('khóa');
    expect(wordKey('hoàn thành')).toBe('hoàn thành');
    expect(wordKey('Phường Thuỷ Xuân')).toBe('phường thủy xuân');
    expect(wordKey('khoẻ mạnh')).toBe('khỏe mạnh');
    expect(wordKey('Quý')).toBe('quý'); // "qu" is a consonant: the tone stays on the y
    expect(wordKey('thuyền')).toBe('thuyền');
  });

  it('is idempotent and blind to normalisation form and case', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aàáảãạoòóỏõọeèéẻẽẹuyýỳỷỹỵ ăâêôơưđ hnqt:.A'.split('')) }), (text) => {
        const key = wordKey(text);
        expect(wordKey(key)).toBe(key);
        expect(wordKey(text.normalize('NFD').toUpperCase())).toBe(key);
      }),
    );
  });
});

describe('closest names', () => {
  it('counts edits between words, character by character', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('hoàn kiếm', 'hoàn kiếm')).toBe(0);
    expect(editDistance('hoàn kiếm', 'hoan kiem')).toBe(2);
  });

  it('offers the fewest-edit names first, blind to how the name is written', () => {
    const units = ['Phường Hoàn Kiếm', 'Phường Hàng Bạc', 'Phường Cửa Nam', 'Xã Hoàng Long'].map((name) => ({ name }));
    expect(closest('P. HOÀN KIẾM'.normalize('NFD'), units, 1).map((u) => u.name)).toEqual(['Phường Hoàn Kiếm']);
    expect(closest('Phường Hàng Bạc.', units, 4).map((u) => u.name)).toEqual([
      'Phường Hàng Bạc',
      'Phường Hoàn Kiếm',
      'Phường Cửa Nam',
      'Xã Hoàng Long',
    ]);
    expect(closest('phuong hoan kiem', units, 1).map((u) => u.name)).toEqual(['Phường Hoàn Kiếm']);
  });

  it('is symmetric and zero only for equal words', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b) === 0).toBe(a === b);
      }),
    );
  });
});
