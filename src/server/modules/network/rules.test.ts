import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canMoveCertificate, certificateStatuses, haversineMetres, isHttpsUrl, isInChina, parseNear, rankPoints, wgs84ToGcj02, type LngLat, type PointCandidate } from './rules.ts';

const anywhere = fc.record({ lng: fc.double({ min: -180, max: 180, noNaN: true }), lat: fc.double({ min: -90, max: 90, noNaN: true }) });
const inChina = fc.record({ lng: fc.double({ min: 73, max: 136, noNaN: true }), lat: fc.double({ min: 3, max: 54, noNaN: true }) });

describe('haversineMetres', () => {
  it('is symmetric', () => fc.assert(fc.property(anywhere, anywhere, (a, b) => Math.abs(haversineMetres(a, b) - haversineMetres(b, a)) < 1e-6)));
  it('is zero from a point to itself, and about 111 km per degree of latitude', () => {
    fc.assert(fc.property(anywhere, (a) => haversineMetres(a, a) === 0));
    fc.assert(fc.property(inChina, (a) => Math.abs(haversineMetres(a, { lng: a.lng, lat: a.lat + 1 }) - 111_195) < 1));
  });
  // Near antipodal points asin(√h) loses about 0.1 m to rounding, so the sum may fall short by that much.
  it('keeps the triangle inequality (to rounding, under a metre)', () =>
    fc.assert(fc.property(anywhere, anywhere, anywhere, (a, b, c) => haversineMetres(a, c) <= haversineMetres(a, b) + haversineMetres(b, c) + 1)));
  it('never exceeds half the circumference', () => fc.assert(fc.property(anywhere, anywhere, (a, b) => haversineMetres(a, b) <= Math.PI * 6_371_008.8 + 1e-3)));
  it('Beijing (天安门) to Shanghai (人民广场) within 0.5 % of the WGS-84 geodesic, 1 066 676 m (Vincenty)', () => {
    const metres = haversineMetres({ lng: 116.3975, lat: 39.9087 }, { lng: 121.4737, lat: 31.2304 });
    expect(Math.abs(metres - 1_066_676) / 1_066_676).toBeLessThan(0.005);
  });
  it('Guangzhou to Shenzhen within 0.5 % of 104 140 m', () => {
    const metres = haversineMetres({ lng: 113.2644, lat: 23.1291 }, { lng: 114.0579, lat: 22.5431 });
    expect(Math.abs(metres - 104_140) / 104_140).toBeLessThan(0.005);
  });
});

describe('wgs84ToGcj02', () => {
  it('moves a GPS position in China by the published offset: a few hundred metres, never more than 1 km', () => {
    fc.assert(fc.property(inChina, (a) => haversineMetres(a, wgs84ToGcj02(a)) < 1000));
    // Dongguan: GCJ-02 sits about 0.0052° east and 0.0027° south of WGS-84, as every converter gives it.
    const shifted = wgs84ToGcj02({ lng: 113.75, lat: 23.02 });
    expect(shifted.lng - 113.75).toBeCloseTo(0.0052, 3);
    expect(shifted.lat - 23.02).toBeCloseTo(-0.0027, 3);
  });
  it('leaves a position outside China as it is', () => {
    expect(wgs84ToGcj02({ lng: 2.35, lat: 48.85 })).toEqual({ lng: 2.35, lat: 48.85 });
  });
});

describe('parseNear', () => {
  it('reads "lng,lat" with spaces and signs', () => {
    expect(parseNear('113.75,23.02')).toEqual({ ok: true, at: { lng: 113.75, lat: 23.02 } });
    expect(parseNear(' 113.75 , 23 ')).toEqual({ ok: true, at: { lng: 113.75, lat: 23 } });
  });
  it.each(['', '113.75', '113.75,23.02,1', 'abc,23', '113.75;23.02', '1e2,23', 'NaN,NaN', 'Infinity,23'])('refuses %j with a Chinese reason', (text) => {
    const parsed = parseNear(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/经度/);
  });
  it('refuses a point outside China and a swapped pair', () => {
    expect(parseNear('2.35,48.85').ok).toBe(false);
    expect(parseNear('23.02,113.75').ok).toBe(false);
  });
  it('accepts exactly the points inside the box', () =>
    fc.assert(fc.property(anywhere, (a) => parseNear(`${a.lng.toFixed(6)},${a.lat.toFixed(6)}`).ok === isInChina({ lng: Number(a.lng.toFixed(6)), lat: Number(a.lat.toFixed(6)) }))));
});

describe('rankPoints', () => {
  const at = (lng: number, lat: number): LngLat => ({ lng, lat });
  const points: PointCandidate[] = [
    { id: 'city', name: '示范市民服务中心', level: 'city', address: '鸿福路 99 号', location: at(113.7518, 23.0205) },
    { id: 'town', name: '东城街道便民服务中心', level: 'town', address: '育才路 3 号', location: at(113.785, 23.035) },
    { id: 'village', name: '新村社区便民服务站', level: 'village', address: '新村社区服务楼', location: at(113.793, 23.042) },
    { id: 'unplaced', name: '未定位网点', level: 'town', address: null, location: null },
  ];

  it('without a position: by level, then name; no distances', () => {
    const ranked = rankPoints(points, {});
    expect(ranked.map((p) => p.id)).toEqual(['city', 'town', 'unplaced', 'village']);
    expect(ranked.every((p) => p.distanceMetres === null)).toBe(true);
  });
  it('with a position: nearest first, whole metres, unplaced points last', () => {
    const ranked = rankPoints(points, { near: at(113.794, 23.043) });
    expect(ranked.map((p) => p.id)).toEqual(['village', 'town', 'city', 'unplaced']);
    expect(ranked[0]!.distanceMetres).toBeGreaterThan(100);
    expect(ranked[0]!.distanceMetres).toBeLessThan(200);
    expect(ranked[3]!.distanceMetres).toBeNull();
  });
  it('filters by level, by words in the name or address, and by the points offering an item', () => {
    expect(rankPoints(points, { level: 'town' }).map((p) => p.id)).toEqual(['town', 'unplaced']);
    expect(rankPoints(points, { q: '育才路' }).map((p) => p.id)).toEqual(['town']);
    expect(rankPoints(points, { q: '便民 新村' }).map((p) => p.id)).toEqual(['village']);
    expect(rankPoints(points, { offering: new Set(['city', 'village']), near: at(113.75, 23.02) }).map((p) => p.id)).toEqual(['city', 'village']);
  });
  it('any position: the result is sorted by distance and keeps every located point once', () =>
    fc.assert(
      fc.property(inChina, (near) => {
        const ranked = rankPoints(points, { near });
        const distances = ranked.flatMap((p) => (p.distanceMetres === null ? [] : [p.distanceMetres]));
        return distances.every((d, i) => i === 0 || distances[i - 1]! <= d) && new Set(ranked.map((p) => p.id)).size === points.length;
      }),
    ));
});

describe('isHttpsUrl', () => {
  it.each(['https://v.example.cn/guide/1.mp4', 'https://www.gd.gov.cn/video?id=3'])('accepts %s', (url) => expect(isHttpsUrl(url)).toBe(true));
  it.each(['http://v.example.cn/1.mp4', 'javascript:alert(1)', 'ftp://x', 'https://user:pw@x.cn/', 'not a url', ''])('refuses %j', (url) => expect(isHttpsUrl(url)).toBe(false));
});

describe('canMoveCertificate', () => {
  it('moves one step forward only: 待受理 → 已受理 → 已办结', () => {
    const allowed = certificateStatuses.flatMap((from) => certificateStatuses.filter((to) => canMoveCertificate(from, to)).map((to) => `${from}>${to}`));
    expect(allowed).toEqual(['submitted>accepted', 'accepted>completed']);
  });
});
