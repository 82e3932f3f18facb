import { describe, expect, it } from 'vitest';
import { citizenTokenFromCookies, scriptsAfterStyles } from './pageRendering.ts';

const built = `<!doctype html>
<html lang="zh-CN">
  <head>
    <title>一门通办</title>
    <script id="page-chunks">(() => { preload('/assets/ItemsPage-1.js'); })();</script>
    <script type="module" crossorigin src="/assets/index-A.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/runtime-B.js">
    <link rel="modulepreload" crossorigin href="/assets/vendor-C.js">
    <link rel="stylesheet" crossorigin href="/assets/vendor-D.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

describe('scriptsAfterStyles', () => {
  const page = scriptsAfterStyles(built);
  const [head, body] = page.split('<body>');

  it('leaves the head with the stylesheets and no script or preload to compete with them', () => {
    expect(head).toContain('<link rel="stylesheet" crossorigin href="/assets/vendor-D.css">');
    expect(head).not.toMatch(/<script|modulepreload/);
  });

  it('asks for the preloads, then the module script, from the end of the body, and keeps the page chunks script', () => {
    expect(body).toContain('<div id="root"></div>');
    const tail = body!.slice(body!.indexOf('<div id="root"></div>'));
    expect(tail).toContain(`preload('/assets/ItemsPage-1.js')`);
    const order = ['runtime-B.js', 'vendor-C.js', 'index-A.js'].map((file) => tail.indexOf(file));
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(tail).toContain('"type":"module"');
    expect(tail.indexOf('</script>\n</body>')).toBeGreaterThan(0);
  });

  it('leaves a page without a module script as it is', () => {
    const plain = '<html><head><title>x</title></head><body><div id="root"></div></body></html>';
    expect(scriptsAfterStyles(plain)).toBe(plain);
  });
});

describe('citizenTokenFromCookies', () => {
  it('finds the portal session among other cookies, first or not', () => {
    expect(citizenTokenFromCookies('onedoor_citizen=odp_abc-DEF_123')).toBe('odp_abc-DEF_123');
    expect(citizenTokenFromCookies('theme=dark; onedoor_citizen=odp_x; lang=zh')).toBe('odp_x');
  });

  it('takes nothing from a missing, empty, look-alike or malformed cookie', () => {
    for (const header of [undefined, '', 'theme=dark', 'onedoor_citizen=', 'xonedoor_citizen=odp_x', 'onedoor_citizen=odp x', 'onedoor_citizen="><script>', `onedoor_citizen=${'a'.repeat(201)}`]) {
      expect(citizenTokenFromCookies(header), String(header)).toBeUndefined();
    }
  });
});
