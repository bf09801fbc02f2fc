// The agent console web/agent.html in Chromium against the real smfront, with a customer
// on the demo widget web/chat.html in a second page (its own browser context and cookies):
// the agent signs in over BOSH, sees the chat arrive through pubsub, claims it, both sides
// chat and see each other typing, the agent leaves and the contact ends up handled.
// Needs the BOSH door (server/eventing) and Strophe.js in web/vendor/
// (scripts/install-web-vendor.sh, run by scripts/install-deps.sh build|test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './chromium.mjs';
import { requiredEnv, startSmfront } from './smfront_server.mjs';

const agent = { name: 'mary', password: 'mary-secret' };
const customer = 'Web Guest';
const waitMs = 20000;

const settings = {
  xmpp_domain: 'localhost',
  users: [
    { name: 'admin', password: 'admin-secret', roles: ['admin'] },
    { name: agent.name, password: agent.password, roles: ['agent'] },
  ],
  feeds: [{ name: 'Web chat', type: 'chat', chat_join_timeout_s: 120, chat_inactivity_timeout_s: 300 }],
};

let server;
let browser;
let baseUrl;
let boshUrl;

before(async () => {
  const sourceDir = requiredEnv('SMFRONT_SOURCE_DIR');
  const strophe = join(sourceDir, 'web', 'vendor', 'strophe.umd.min.js');
  if (!existsSync(strophe)) throw new Error(`${strophe} is missing; run scripts/install-web-vendor.sh`);
  server = await startSmfront({ binary: requiredEnv('SMFRONT_BINARY'), sourceDir, extra: settings });
  if (!server.ports.bosh) throw new Error(`this smfront has no BOSH door: ${JSON.stringify(server.ports)}`);
  baseUrl = `http://127.0.0.1:${server.ports.http}`;
  boshUrl = `http://127.0.0.1:${server.ports.bosh}/http-bind/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A page in a fresh browser context; its console is kept for the failure report.
async function openPage(name, report) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(waitMs);
  const lines = [];
  page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
  report.push({ name, page, lines });
  return page;
}

// Records every text a typing indicator (#typing) shows, from before the first event, so
// a short-lived "is typing" is not missed between two checks.
function recordTyping() {
  window.typingSeen = [];
  document.addEventListener('DOMContentLoaded', () => {
    const typing = document.getElementById('typing');
    new MutationObserver(() => {
      if (!typing.hidden && typing.textContent) window.typingSeen.push(typing.textContent);
    }).observe(typing, { attributes: true, childList: true, characterData: true, subtree: true });
  });
}

const typingSeen = (page) => page.evaluate(() => window.typingSeen);

test('an agent claims a widget chat, both sides chat and type, the agent leaves', async () => {
  const report = [];
  try {
    // The agent signs in and subscribes before the chat exists: it arrives by pubsub.
    const agentPage = await openPage('agent', report);
    await agentPage.addInitScript(recordTyping);
    await agentPage.goto(`${baseUrl}/agent.html?bosh=${encodeURIComponent(boshUrl)}&domain=localhost`);
    await agentPage.fill('#user', agent.name);
    await agentPage.fill('#password', agent.password);
    await agentPage.click('#connect');
    await agentPage.waitForFunction(() => {
      const s = document.getElementById('status');
      return s.dataset.state === 'online' || s.dataset.state === 'error';
    });
    assert.equal(await agentPage.getAttribute('#status', 'data-state'), 'online', await agentPage.textContent('#status'));
    assert.match(await agentPage.textContent('#me'), /^mary@localhost\//);

    // The customer starts a chat on the widget.
    const customerPage = await openPage('customer', report);
    await customerPage.addInitScript(recordTyping);
    await customerPage.goto(`${baseUrl}/chat.html?poll=300`);
    await customerPage.fill('#author', customer);
    await customerPage.fill('#title', 'Order 1234 is late');
    await customerPage.click('#start');
    await customerPage.waitForFunction(() => document.getElementById('status').dataset.state === 'waiting');

    // It shows up as waiting; the agent claims it and joins its room.
    const item = agentPage.locator('#contacts li', { hasText: 'Order 1234 is late' });
    await item.locator('button.claim').waitFor();
    assert.equal(await item.getAttribute('data-status'), 'unread');
    const contactId = await item.getAttribute('data-id');
    await item.locator('button.claim').click();
    await agentPage.waitForFunction(() => /chatting with/i.test(document.getElementById('chat-state').textContent));
    assert.equal(await agentPage.isEnabled('#message-input'), true);

    const customerMessages = customerPage.locator('#messages');
    await customerMessages.locator('li.system', { hasText: `${agent.name} joined` }).waitFor();

    // The claim went through the admin API as the agent.
    const auth = `Basic ${Buffer.from(`${agent.name}:${agent.password}`).toString('base64')}`;
    const contactUrl = `${baseUrl}/ccp-webapp/ccp/socialcontact/${contactId}`;
    let contact = await (await fetch(contactUrl, { headers: { Authorization: auth } })).text();
    assert.match(contact, /<status>reserved<\/status>/);
    assert.match(contact, /<statusUserId>mary<\/statusUserId>/);
    await agentPage.locator(`#contacts li[data-id="${contactId}"][data-status="reserved"]`).waitFor();

    // Customer -> agent: typing, then the message (XML-special characters on the way).
    const agentMessages = agentPage.locator('#messages');
    await customerPage.fill('#message-input', 'Hi, where is my order? <1234> & more');
    await agentPage.waitForFunction(
      (name) => window.typingSeen.some((t) => t.includes(`${name} is typing`)), customer);
    await customerPage.click('#send');
    await agentMessages.locator('li.customer', { hasText: 'Hi, where is my order? <1234> & more' }).waitFor();
    await agentPage.waitForFunction(() => document.getElementById('typing').hidden);

    // Agent -> customer: typing, then the message, reflected in the console by the room.
    await agentPage.fill('#message-input', 'It ships today & arrives tomorrow.');
    await customerPage.waitForFunction(
      (name) => window.typingSeen.some((t) => t.includes(`${name} is typing`)), agent.name);
    await agentPage.click('#send');
    await customerMessages.locator('li.agent', { hasText: 'It ships today & arrives tomorrow.' }).waitFor();
    await agentMessages.locator('li.own', { hasText: 'It ships today & arrives tomorrow.' }).waitFor();
    await customerPage.waitForFunction(() => document.getElementById('typing').hidden);
    console.log(`agent saw typing: ${JSON.stringify(await typingSeen(agentPage))}`);
    console.log(`customer saw typing: ${JSON.stringify(await typingSeen(customerPage))}`);

    // The agent leaves: the customer sees it, the contact is handled, and pubsub says so.
    await agentPage.click('#leave');
    await agentPage.waitForFunction(() => /left the chat/i.test(document.getElementById('chat-state').textContent));
    await customerMessages.locator('li.system', { hasText: `${agent.name} left` }).waitFor();
    await agentPage.locator(`#contacts li[data-id="${contactId}"][data-status="handled"]`).waitFor();
    contact = await (await fetch(contactUrl, { headers: { Authorization: auth } })).text();
    assert.match(contact, /<status>handled<\/status>/);

    // The agent signs out cleanly.
    await agentPage.click('#logout');
    await agentPage.waitForFunction(() => document.getElementById('status').dataset.state === 'offline');
  } catch (error) {
    for (const { name, page, lines } of report) {
      const shot = join(server.dir, `agent-console-${name}-failure.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.error(`${name} screenshot: ${shot}`);
      console.error(`${name} console:\n${lines.join('\n')}`);
    }
    console.error(`smfront stderr (tail):\n${server.stderrTail()}`);
    throw error;
  } finally {
    for (const { page } of report) await page.context().close().catch(() => {});
  }
});

test('a wrong password is refused and the form stays', async () => {
  const report = [];
  try {
    const page = await openPage('bad-password', report);
    await page.goto(`${baseUrl}/agent.html?bosh=${encodeURIComponent(boshUrl)}&domain=localhost`);
    await page.fill('#user', agent.name);
    await page.fill('#password', 'wrong');
    await page.click('#connect');
    await page.locator('#error').waitFor({ state: 'visible' });
    assert.match(await page.textContent('#error'), /password/i);
    assert.equal(await page.isVisible('#login-form'), true);
    assert.equal(await page.isEnabled('#connect'), true);
  } finally {
    for (const { page } of report) await page.context().close().catch(() => {});
  }
});
