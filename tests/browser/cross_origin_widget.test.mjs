// A chat widget on another site, in Chromium, against the real smfront: the
// browser lets a configured site's page run a whole chat with credentials
// (cookie, Location), and keeps a site that is not configured from reading a
// thing (spec socialminer-rest §2.2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launchChromium } from './chromium.mjs';
import { requiredEnv, startSmfront } from './smfront_server.mjs';

const greeting = 'Hello from the lab';
const waitMs = 15000;

// The shop's page: creates a chat on smfront, then polls with the cookie until
// the virtual agent's greeting arrives. The outcome lands in window.outcome.
const shopPage = `<!doctype html><title>shop</title><script>
async function chat(api) {
  try {
    const created = await fetch(api + '/ccp/chat', {
      method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/xml' },
      body: '<SocialContact><feedRefURL>' + api + '/ccp-webapp/ccp/feed/100000</feedRefURL>'
        + '<author>Shopper</author><title>Order</title></SocialContact>' });
    const location = created.headers.get('Location');
    for (let i = 0; i < 100; ++i) {
      const events = await (await fetch(api + '/ccp/chat?eventid=0', { credentials: 'include' })).text();
      if (events.includes(${JSON.stringify(encodeURIComponent(greeting).replace(/%20/g, '+'))})) {
        return { status: created.status, location, greeted: true };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return { status: created.status, location, greeted: false };
  } catch (error) {
    return { error: String(error) };
  }
}
</script>`;

let shop;
let shopOrigin;
let strangerOrigin;
let server;
let browser;
let api;

function listen(httpServer) {
  return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer.address().port)));
}

before(async () => {
  shop = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(shopPage);
  });
  const stranger = createServer(shop.listeners('request')[0]);
  shopOrigin = `http://127.0.0.1:${await listen(shop)}`;
  strangerOrigin = `http://127.0.0.1:${await listen(stranger)}`;
  shop.stranger = stranger;
  server = await startSmfront({
    binary: requiredEnv('SMFRONT_BINARY'),
    sourceDir: requiredEnv('SMFRONT_SOURCE_DIR'),
    extra: {
      cors_origins: [shopOrigin],
      feeds: [{ name: 'Web chat', type: 'chat' }],
      virtual_agents: [{ name: 'mary', join_after_ms: 200, greeting, mode: 'echo' }],
    },
  });
  api = `http://127.0.0.1:${server.ports.http}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => shop?.stranger?.close(resolve) ?? resolve());
  await new Promise((resolve) => shop?.close(resolve) ?? resolve());
});

async function chatFrom(origin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(waitMs);
    await page.goto(`${origin}/`);
    return await page.evaluate((base) => chat(base), api);
  } finally {
    await context.close();
  }
}

test('a configured widget origin runs a whole chat with credentials', async () => {
  const outcome = await chatFrom(shopOrigin);
  assert.equal(outcome.error, undefined, `${outcome.error}\n${server.stderrTail()}`);
  assert.equal(outcome.status, 201);
  assert.match(outcome.location ?? '', /\/ccp-webapp\/ccp\/socialcontact\/[0-9A-F]{32}$/, 'Location is exposed');
  assert.equal(outcome.greeted, true, 'the cookie carried the session across origins');
});

test('a site that is not configured cannot read smfront', async () => {
  const outcome = await chatFrom(strangerOrigin);
  assert.match(outcome.error ?? '', /TypeError|Failed to fetch/, JSON.stringify(outcome));
});
