import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adminPassword, chooseOption, demoPassword, describeInBrowser, expectNoProblems, logInThroughForm, openPage, submitDialog, type RunningServer, startDemo, stopDemo } from './helpers.ts';

interface Point {
  id: string;
  name: string;
  distanceMetres: number | null;
}
interface Page<T> {
  items: T[];
  total: number;
}

// A phone standing by the demo's 新村社区便民服务站: WGS-84 as the GPS gives it, which the map moves onto
// the Chinese (GCJ-02) map the points were placed on (about 0.005° east, 0.003° south here).
const phoneAt = { longitude: 113.7878, latitude: 23.0447 };
const phone = { width: 375, height: 812 };

describeInBrowser('政务地图 and 微服务站', () => {
  let server: RunningServer;
  let browser: Browser;
  let city: { id: string; name: string };

  beforeAll(async () => {
    ({ server, browser, city } = await startDemo());
  });
  afterAll(() => stopDemo(server, browser));

  async function phoneWithPosition() {
    const opened = await openPage(browser, phone);
    await opened.context.grantPermissions(['geolocation']);
    await opened.context.setGeolocation(phoneAt);
    return opened;
  }
  const cardNames = (page: import('playwright-core').Page) => page.getByTestId('point-name').allTextContents();

  it('on a phone, lists the points nearest first from the phone position; an item leaves only the points offering it', async () => {
    const near = `near=${phoneAt.longitude},${phoneAt.latitude}&coord=wgs84`;
    const expected = await server.api<Page<Point>>('admin', 'GET', `/api/v1/service-points?${near}&pageSize=50`);
    expect(expected.items[0]!.name).toBe('新村社区便民服务站');

    const { page, problems } = await phoneWithPosition();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link', { name: /政务地图/ }).click();
    await page.waitForURL(/\/map$/);
    await expect.poll(() => cardNames(page)).toEqual(expected.items.map((p) => p.name));
    const distances = (await page.getByTestId('point-distance').allTextContents()).map((text) => (text.endsWith('公里') ? parseFloat(text) * 1000 : parseFloat(text)));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances[0]).toBeLessThan(200);
    await page.getByText('按离「我的位置」由近到远排列', { exact: false }).waitFor();
    await page.getByTestId('points-chart').locator('canvas').first().waitFor();
    const navigate = page.getByRole('link', { name: /导航/ }).first();
    expect(await navigate.getAttribute('href')).toMatch(/^https:\/\/uri\.amap\.com\/marker\?position=113\.793,23\.042&name=/);
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);

    // An item some points handle but not all: "where can I do X nearest to me".
    const town = expected.items.find((p) => p.name === '桥头镇政务服务中心')!;
    const items = await server.api<Page<{ id: string; name: string }>>('admin', 'GET', `/api/v1/items?centerId=${town.id}&pageSize=100`);
    let chosen: { item: { id: string; name: string }; points: Point[] } | undefined;
    for (const item of items.items) {
      const offering = await server.api<Page<Point>>('admin', 'GET', `/api/v1/service-points?${near}&itemId=${item.id}&pageSize=50`);
      if (offering.total > 1 && offering.total < expected.total) {
        chosen = { item, points: offering.items };
        break;
      }
    }
    expect(chosen, 'the demo has an item handled at some points but not all').toBeDefined();
    await page.getByLabel('按事项查找网点').fill(chosen!.item.name);
    await chooseOption(page, chosen!.item.name);
    await expect.poll(() => cardNames(page)).toEqual(chosen!.points.map((p) => p.name));
    expect(page.url()).toContain(`item=${chosen!.item.id}`);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('without the position, distances are from the city center; a point tapped on the chart, or a card, is selected in the list', async () => {
    const { page, problems } = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(`${server.baseUrl}/map`);
    await page.getByText(`距离按「${city.name}」计算`, { exact: false }).waitFor();
    await expect.poll(async () => (await cardNames(page))[0]).toBe(city.name);
    // Tap a point on the chart: find a pixel of a point's colour (blue when open, grey when closed) and click it,
    // waiting for the chart to have drawn one (its code loads on demand, and its points fade in).
    const found = await page.waitForFunction(`(() => {
      const canvas = document.querySelector('[data-testid="points-chart"] canvas');
      if (!canvas || !canvas.width) return null;
      const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const scale = canvas.width / canvas.clientWidth;
      const box = canvas.getBoundingClientRect();
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
          if ((r === 22 && g === 119 && b === 255) || (r === 140 && g === 140 && b === 140)) return { x: box.left + (x + 3) / scale, y: box.top + (y + 3) / scale };
        }
      }
      return null;
    })()`, undefined, { polling: 200 });
    const spot = (await found.jsonValue()) as { x: number; y: number };
    await page.mouse.click(spot.x, spot.y);
    await page.locator('[data-testid="point-card"][data-selected]').waitFor();
    // Tapping a card selects it too.
    const second = (await cardNames(page))[1]!;
    await page.getByTestId('point-card').nth(1).click();
    await expect.poll(() => page.locator('[data-testid="point-card"][data-selected]').getByTestId('point-name').textContent()).toBe(second);
    expectNoProblems(problems);
    await page.context().close();
  });

  it('an admin creates a 微服务站; its poster shows a QR code; the public page takes a 基层证明 request that the manager accepts', async () => {
    const admin = await openPage(browser);
    await logInThroughForm(admin.page, server.baseUrl, 'admin', adminPassword);
    await admin.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await admin.page.goto(`${server.baseUrl}/admin/stations`);
    await admin.page.getByRole('button', { name: /新建微服务站/ }).click({ timeout: 45_000 });
    const dialog = admin.page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('东城科技园微服务站');
    await dialog.getByLabel('类型').click();
    await chooseOption(admin.page, '园区');
    await dialog.getByLabel('地址').fill('科技园 A 栋大堂');
    await dialog.getByRole('button', { name: /添加视频/ }).click();
    await dialog.getByLabel('视频标题').fill('在职证明怎么开');
    await dialog.getByLabel('视频链接').fill('http://v.example.cn/1.mp4');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('须为 https:// 开头的网址').waitFor();
    await dialog.getByLabel('视频链接').fill('https://v.example.cn/1.mp4');
    await submitDialog(dialog);
    await admin.page.getByRole('cell', { name: '东城科技园微服务站' }).waitFor();
    const stations = await server.api<Page<{ id: string; name: string; centerId: string }>>('admin', 'GET', `/api/v1/stations?centerId=${city.id}`);
    const station = stations.items.find((s) => s.name === '东城科技园微服务站')!;
    expect(station.centerId).toBe(city.id);

    await admin.page.goto(`${server.baseUrl}/station/${station.id}/poster`);
    await admin.page.getByTestId('station-poster').getByText('东城科技园微服务站').waitFor();
    // The poster's code leads to the station's own page, and is drawn (modules in its path).
    expect(await admin.page.getByTestId('qr-code').getAttribute('data-text')).toBe(`${server.baseUrl}/station/${station.id}`);
    expect(await admin.page.getByTestId('qr-code').locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h\d+v1h-\d+z/);
    expectNoProblems(admin.problems);

    const visitor = await openPage(browser, phone);
    await visitor.page.goto(`${server.baseUrl}/station/${station.id}`);
    await visitor.page.getByTestId('station-name').getByText('东城科技园微服务站').waitFor();
    expect(await visitor.page.getByRole('link', { name: /在职证明怎么开/ }).getAttribute('href')).toBe('https://v.example.cn/1.mp4');
    expect(await visitor.page.getByRole('link', { name: /附近服务网点/ }).getAttribute('href')).toBe(`/map?from=${city.id}`);
    await visitor.page.getByText('在职证明', { exact: true }).click();
    await visitor.page.getByLabel('姓名').fill('李小明');
    await visitor.page.getByLabel('手机号').fill('13912345678');
    await visitor.page.getByRole('button', { name: /提交申请/ }).click();
    const sent = visitor.page.getByTestId('certificate-sent');
    await sent.waitFor();
    expect(await sent.textContent()).toContain('139****5678');
    expect(await visitor.page.content()).not.toContain('13912345678');
    expectNoProblems(visitor.problems);

    const manager = await openPage(browser);
    await logInThroughForm(manager.page, server.baseUrl, 'manager', demoPassword);
    await manager.page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await manager.page.goto(`${server.baseUrl}/admin/stations`);
    // The console's code loads on demand: on a busy machine it takes a while the first time.
    await manager.page.getByRole('tab', { name: '基层证明申请' }).click({ timeout: 45_000 });
    const row = manager.page.getByRole('row').filter({ hasText: '东城科技园微服务站' });
    await row.getByText('李*明').waitFor();
    expect(await row.textContent()).toContain('139****5678');
    await row.getByRole('button', { name: /受\s*理/ }).click();
    await row.getByText('已受理').waitFor();

    // The manager also keeps the center's entry on the map.
    await manager.page.getByRole('tab', { name: '政务地图位置' }).click();
    await manager.page.getByLabel('交通指引').fill('地铁 2 号线鸿福路站 A 口');
    await manager.page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => (await server.api<{ transportNote: string | null }>('manager', 'GET', `/api/v1/centers/${city.id}/location`)).transportNote).toBe('地铁 2 号线鸿福路站 A 口');
    expectNoProblems(manager.problems);
    for (const opened of [admin, visitor, manager]) await opened.context.close();
  });
});
