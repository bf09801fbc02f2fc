// The agent's side of the conversation, written once and run against smfront
// and against Prosody, so that a difference in behaviour fails a test. A
// server adapter supplies the BOSH URL, a room with a "customer" in it, and a
// way to get an item published on a pubsub node.
import assert from 'node:assert/strict';
import { $iq, $msg, $pres } from './strophe_env.mjs';
import { XmppClient, NS, child, descendant, hasStatus, textOf } from './xmpp_client.mjs';

export const mechanisms = ['PLAIN', 'SCRAM-SHA-1', 'SCRAM-SHA-256'];

// Login with one mechanism, then bind and session (Strophe does both), a ping
// to the domain, a disco#info of the domain, and a clean disconnect.
export async function loginPingDisconnect(server, mechanism) {
  const client = new XmppClient(server.url, mechanism);
  await client.connect(`mary@${server.domain}`, 'secret');
  assert.match(client.jid, new RegExp(`^mary@${server.domain}/.+`));
  const pong = await client.iq($iq({ type: 'get', to: server.domain }).c('ping', { xmlns: NS.ping }));
  assert.equal(pong.getAttribute('type'), 'result');
  const info = await client.iq($iq({ type: 'get', to: server.domain }).c('query', { xmlns: NS.discoInfo }));
  const features = Array.from(info.getElementsByTagName('feature')).map((f) => f.getAttribute('var'));
  assert.ok(features.includes(NS.ping), `ping is listed: ${features}`);
  await client.disconnect();
}

export async function wrongPasswordFails(server) {
  const client = new XmppClient(server.url, 'SCRAM-SHA-256');
  await assert.rejects(client.connect(`mary@${server.domain}`, 'wrong'), /status/);
}

// Subscribe to `node`, have something published there, receive it as an event.
export async function pubsubItem(server, node, publish) {
  const agent = new XmppClient(server.url, 'SCRAM-SHA-1');
  await agent.connect(`mary@${server.domain}`, 'secret');
  agent.send($pres());
  const answer = await agent.iq($iq({ type: 'set', to: `pubsub.${server.domain}` })
    .c('pubsub', { xmlns: NS.pubsub }).c('subscribe', { node, jid: agent.bareJid }));
  const subscription = descendant(answer, 'subscription');
  assert.equal(subscription.getAttribute('subscription'), 'subscribed');
  assert.equal(subscription.getAttribute('node'), node);
  const itemId = await publish();
  const event = await agent.waitFor((s) => s.localName === 'message' && descendant(s, 'event', NS.pubsubEvent),
    `pubsub event on ${node}`);
  const items = descendant(event, 'items', NS.pubsubEvent);
  assert.equal(items.getAttribute('node'), node);
  const item = child(items, 'item');
  if (itemId) assert.equal(item.getAttribute('id'), itemId);
  await agent.disconnect();
  return item;
}

// Join a room the customer is in, chat both ways with chat states, leave.
export async function roomConversation(server, { room, customer, nick = 'Mary', beforeJoin = async () => {} }) {
  const agent = new XmppClient(server.url, 'PLAIN');
  await agent.connect(`mary@${server.domain}`, 'secret');
  agent.send($pres());
  await beforeJoin();
  agent.send($pres({ to: `${room}/${nick}` }).c('x', { xmlns: NS.muc }));
  const self = await agent.waitFor((s) => s.localName === 'presence' && s.getAttribute('from') === `${room}/${nick}`,
    'own room presence');
  assert.ok(hasStatus(self, '110'), 'own presence carries status 110');
  assert.ok(descendant(self, 'x', NS.mucUser), 'muc#user payload');
  await agent.waitFor((s) => s.localName === 'presence' && s.getAttribute('from') === `${room}/${customer.nick}`,
    "the customer's occupant presence");
  await customer.sawJoin(nick);

  agent.send($msg({ to: room, type: 'groupchat' }).c('composing', { xmlns: NS.chatStates }));
  await customer.sawTyping(nick, 'composing');
  agent.send($msg({ to: room, type: 'groupchat', id: 'agent-1' }).c('body').t('How can I help?').up()
    .c('active', { xmlns: NS.chatStates }));
  const reflected = await agent.waitFor((s) => s.localName === 'message' && textOf(s, 'body') === 'How can I help?',
    'reflection of the agent message');
  assert.equal(reflected.getAttribute('from'), `${room}/${nick}`);
  assert.equal(reflected.getAttribute('id'), 'agent-1', 'the reflection keeps the id');
  await customer.sawMessage(nick, 'How can I help?');

  await customer.typing('composing');
  await agent.waitFor((s) => s.localName === 'message' && s.getAttribute('from') === `${room}/${customer.nick}` &&
    descendant(s, 'composing', NS.chatStates), 'customer composing');
  await customer.say('My bill is wrong');
  const said = await agent.waitFor((s) => s.localName === 'message' && textOf(s, 'body') === 'My bill is wrong',
    'customer message');
  assert.equal(said.getAttribute('from'), `${room}/${customer.nick}`);
  assert.equal(said.getAttribute('type'), 'groupchat');

  agent.send($pres({ to: `${room}/${nick}`, type: 'unavailable' }));
  const gone = await agent.waitFor((s) => s.localName === 'presence' && s.getAttribute('type') === 'unavailable' &&
    s.getAttribute('from') === `${room}/${nick}`, 'own unavailable presence');
  assert.ok(hasStatus(gone, '110'));
  await customer.sawLeave(nick);
  await agent.disconnect();
}
