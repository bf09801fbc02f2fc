// The demo customer widget web/chat.html in Chromium against the real smfront:
// a whole chat with a virtual agent, and the error shown for a rejected start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { requiredEnv, startSmfront } from './smfront_server.mjs';

const agentName = 'mary';
const greeting = 'Hello, how can I help?';
const waitMs = 15000;

// The first configured feed gets id 100000, the widget's default. The virtual
// agent joins late enough for the "waiting" state to be seen, greets and echoes.
const chatSettings = {
  feeds: [{ name: 'Web chat', type: 'chat' }],
  virtual_agents: [{ name: agentName, join_after_ms: 1500, greeting, mode: 'echo' }],
};

let server;
let browser;
let baseUrl;

before(async () => {
  server = await startSmfront({
    binary: requiredEnv('SMFRONT_BINARY'),
    sourceDir: requiredEnv('SMFRONT_SOURCE_DIR'),
    extra: chatSettings,
  });
  baseUrl = `http://127.0.0.1:${server.ports.http}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Runs body(page) in a fresh browser context (own cookie jar); on failure saves
// a screenshot and the server's log next to the server's data.
async function withPage(name, body) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(waitMs);
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  try {
    await body(page);
  } catch (error) {
    const shot = join(server.dir, `${name}-failure.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.error(`screenshot: ${shot}`);
    console.error(`page console:\n${consoleLines.join('\n')}`);
    console.error(`smfront stderr (tail):\n${server.stderrTail()}`);
    throw error;
  } finally {
    await context.close();
  }
}

// Records every text the typing indicator shows, from before the first event,
// so a short-lived "is typing" is not missed between two checks.
function recordTyping() {
  window.typingSeen = [];
  document.addEventListener('DOMContentLoaded', () => {
    const typing = document.getElementById('typing');
    new MutationObserver(() => {
      if (!typing.hidden && typing.textContent) window.typingSeen.push(typing.textContent);
    }).observe(typing, { attributes: true, childList: true, characterData: true, subtree: true });
  });
}

test('a customer chats with a virtual agent, leaves and gets the transcript', async () => {
  await withPage('chat', async (page) => {
    await page.addInitScript(recordTyping);
    await page.goto(`${baseUrl}/chat.html?poll=300`);
    await page.fill('#author', 'Web Guest');
    await page.fill('#title', 'Billing question');
    await page.click('#start');

    // StatusEvent chat_ok, before the agent's join delay is over; a refused
    // start fails at once with the server's message.
    await page.waitForFunction(() => {
      const s = document.getElementById('status');
      return !document.getElementById('error').hidden
        || (s.dataset.state === 'waiting' && /waiting for an agent/i.test(s.textContent));
    });
    assert.equal(await page.isHidden('#error'), true, await page.textContent('#error'));

    const messages = page.locator('#messages');
    await messages.locator('li.system', { hasText: `${agentName} joined` }).waitFor();
    await messages.locator('li.agent', { hasText: greeting }).waitFor();
    assert.match(await page.textContent('#status'), new RegExp(`chatting with ${agentName}`));

    // Characters that need XML escaping on the way out and URL decoding on the way back.
    const text = 'Where is my invoice? 50% off & <fast> please';
    await page.fill('#message-input', text);
    await page.click('#send');
    await messages.locator('li.own', { hasText: text }).waitFor();
    await messages.locator('li.agent', { hasText: text }).waitFor();  // the echo
    assert.equal(await page.inputValue('#message-input'), '');

    const typingSeen = await page.evaluate(() => window.typingSeen);
    console.log(`typing indicator seen: ${JSON.stringify(typingSeen)}`);

    await page.click('#leave');
    await page.waitForFunction(() => document.getElementById('status').dataset.state === 'ended');
    assert.equal(await page.isDisabled('#message-input'), true);
    assert.equal(await page.isDisabled('#send'), true);

    // The download link, fetched with the page's cookie.
    const href = await page.getAttribute('#transcript', 'href');
    const transcript = await page.request.get(new URL(href, baseUrl).href);
    assert.equal(transcript.status(), 200);
    assert.match(transcript.headers()['content-type'] ?? '', /text\/html/);
    const html = await transcript.text();
    assert.ok(html.includes('Where is my invoice?'), `transcript lacks the message:\n${html}`);

    // The in-page view of transcript.xml.
    await page.click('#show-transcript');
    await page.locator('#transcript-lines li', { hasText: `Web Guest: ${text}` }).waitFor();
  });
});

test('a rejected start shows the apiErrors message and keeps the form', async () => {
  await withPage('rejected', async (page) => {
    await page.goto(`${baseUrl}/chat.html?poll=300&feed=999999`);
    await page.fill('#author', 'Web Guest');
    await page.fill('#title', 'No such feed');
    await page.click('#start');
    const error = page.locator('#error');
    await error.waitFor({ state: 'visible' });
    const message = (await error.textContent()).trim();
    assert.ok(message.length > 0);
    assert.doesNotMatch(message, /The server answered/, 'the message comes from the apiErrors body');
    assert.equal(await page.isVisible('#start-form'), true);
    assert.equal(await page.isEnabled('#start'), true);
  });
});
