// Strophe.js against the real smfront binary: every SASL mechanism, pubsub
// eventing fed by REST, and a whole agent conversation with a REST customer
// (socialminer-rest §4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { $pres, $iq } from './strophe_env.mjs';
import { startSmfront, requiredEnv } from '../browser/smfront_server.mjs';
import { RestCustomer, claim, contactStatus } from './rest_customer.mjs';
import { XmppClient, NS, descendant, textOf } from './xmpp_client.mjs';
import { loginPingDisconnect, mechanisms, pubsubItem, roomConversation, wrongPasswordFails } from './scenario.mjs';

let smfront;
let server;
let rest;

before(async () => {
  smfront = await startSmfront({
    binary: requiredEnv('SMFRONT_BINARY'),
    sourceDir: requiredEnv('SMFRONT_SOURCE_DIR'),
    extra: {
      users: [
        { name: 'mary', password: 'secret', roles: ['agent'] },
        { name: 'admin', password: 'secret', roles: ['admin'] },
      ],
      feeds: [{ name: 'Web chat', type: 'chat' }],
      // PLAIN is tested on the cleartext door too, where it is off by default.
      bosh: { allow_plain_cleartext: true },
    },
  });
  rest = `http://127.0.0.1:${smfront.ports.http}`;
  server = { url: `http://127.0.0.1:${smfront.ports.bosh}/http-bind/`, domain: 'localhost' };
});

after(async () => { await smfront?.stop(); });

const restCustomerAdapter = (customer) => ({
  nick: 'Pat',
  say: (text) => customer.say(text),
  typing: (status) => customer.typing(status),
  sawJoin: (nick) => customer.waitForEvent((e) => e.kind === 'PresenceEvent' && e.from === nick && e.value === 'joined',
    'PresenceEvent joined'),
  sawTyping: (nick, status) => customer.waitForEvent((e) => e.kind === 'TypingEvent' && e.from === nick &&
    e.value === status, `TypingEvent ${status}`),
  sawMessage: (nick, text) => customer.waitForEvent((e) => e.kind === 'MessageEvent' && e.from === nick &&
    e.value === text, 'MessageEvent'),
  sawLeave: (nick) => customer.waitForEvent((e) => e.kind === 'PresenceEvent' && e.from === nick && e.value === 'left',
    'PresenceEvent left'),
});

describe('smfront BOSH with Strophe.js', () => {
  for (const mechanism of mechanisms) {
    test(`login with ${mechanism}, bind, session, ping, disco, disconnect`, () => loginPingDisconnect(server, mechanism));
  }

  test('a wrong password fails the login', () => wrongPasswordFails(server));

  test('the 7443 door speaks the same over TLS', async () => {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';  // throwaway development certificate
    try {
      await loginPingDisconnect({ url: `https://127.0.0.1:${smfront.ports.boshs}/http-bind`, domain: 'localhost' },
        'SCRAM-SHA-256');
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }
  });

  test('a chat created over REST arrives as a ccp.contacts.chat item', async () => {
    let customer;
    const item = await pubsubItem(server, 'ccp.contacts.chat', async () => {
      customer = await RestCustomer.create(rest);
      return customer.contactId;
    });
    const contact = descendant(item, 'SocialContact', NS.pubsub);
    assert.ok(contact, 'payload in the pubsub namespace');
    assert.equal(textOf(contact, 'status'), 'unread');
    assert.equal(textOf(contact, 'author'), 'Pat');
    await customer.leave();
  });

  test('the agent side end to end: subscribe, new chat, claim, join, chat, leave, handled', async () => {
    const agent = new XmppClient(server.url, 'SCRAM-SHA-256');
    await agent.connect('mary@localhost', 'secret');
    agent.send($pres());
    await agent.iq($iq({ type: 'set', to: 'pubsub.localhost' }).c('pubsub', { xmlns: NS.pubsub })
      .c('subscribe', { node: 'ccp.contacts.chat', jid: agent.bareJid }));
    const customer = await RestCustomer.create(rest, { author: 'Pat' });
    const created = await agent.waitFor((s) => descendant(s, 'item')?.getAttribute('id') === customer.contactId,
      'item for the new chat');
    assert.equal(textOf(created, 'status'), 'unread');
    await claim(rest, customer.contactId, 'mary');
    const reserved = await agent.waitFor((s) => descendant(s, 'item')?.getAttribute('id') === customer.contactId,
      'item for the claim');
    assert.equal(textOf(reserved, 'status'), 'reserved');
    assert.equal(textOf(reserved, 'statusUserId'), 'mary');

    await roomConversation(server, { room: customer.room, customer: restCustomerAdapter(customer) });
    assert.equal(await contactStatus(rest, customer.contactId, 'mary'), 'handled');
    await agent.disconnect();
  });

  test('the customer leaving shows in the room as an unavailable occupant', async () => {
    const customer = await RestCustomer.create(rest, { author: 'Sam' });
    const agent = new XmppClient(server.url, 'PLAIN');
    await agent.connect('mary@localhost', 'secret');
    agent.send($pres({ to: `${customer.room}/Mary` }).c('x', { xmlns: NS.muc }));
    await agent.waitFor((s) => s.getAttribute('from') === `${customer.room}/Mary`, 'own presence');
    await customer.leave();
    await agent.waitFor((s) => s.localName === 'presence' && s.getAttribute('type') === 'unavailable' &&
      s.getAttribute('from') === `${customer.room}/Sam`, "the customer's unavailable presence");
    await agent.disconnect();
  });
});
