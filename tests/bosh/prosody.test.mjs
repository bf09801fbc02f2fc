// The same Strophe scenario against Prosody, the reference: what passes there
// and fails against smfront (or the reverse) is a difference in behaviour.
import { after, before, describe, test } from 'node:test';
import { $iq, $msg, $pres } from './strophe_env.mjs';
import { startProsody } from './prosody.mjs';
import { XmppClient, NS, descendant, textOf } from './xmpp_client.mjs';
import { loginPingDisconnect, mechanisms, pubsubItem, roomConversation, wrongPasswordFails } from './scenario.mjs';

let prosody;

before(async () => { prosody = await startProsody({ users: ['mary', 'pat', 'boss'] }); });
after(async () => { await prosody?.stop(); });

// On Prosody the customer is a second XMPP client in the room.
async function xmppCustomer(room) {
  const client = new XmppClient(prosody.url, 'PLAIN');
  await client.connect('pat@localhost', 'secret');
  client.send($pres({ to: `${room}/Pat` }).c('x', { xmlns: NS.muc }));
  await client.waitFor((s) => s.getAttribute('from') === `${room}/Pat`, 'customer joined');
  const fromAgent = (nick) => (s) => s.localName === 'message' && s.getAttribute('from') === `${room}/${nick}`;
  return {
    nick: 'Pat',
    client,
    say: async (text) => client.send($msg({ to: room, type: 'groupchat' }).c('body').t(text).up()
      .c('active', { xmlns: NS.chatStates })),
    typing: async (status) => client.send($msg({ to: room, type: 'groupchat' }).c(status, { xmlns: NS.chatStates })),
    sawJoin: (nick) => client.waitFor((s) => s.localName === 'presence' && s.getAttribute('from') === `${room}/${nick}`,
      'agent presence'),
    sawTyping: (nick, status) => client.waitFor((s) => fromAgent(nick)(s) && descendant(s, status, NS.chatStates),
      `agent ${status}`),
    sawMessage: (nick, text) => client.waitFor((s) => fromAgent(nick)(s) && textOf(s, 'body') === text, 'agent message'),
    sawLeave: (nick) => client.waitFor((s) => s.localName === 'presence' && s.getAttribute('type') === 'unavailable' &&
      s.getAttribute('from') === `${room}/${nick}`, 'agent left'),
  };
}

describe('Prosody BOSH with Strophe.js (reference)', () => {
  for (const mechanism of mechanisms) {
    test(`login with ${mechanism}, bind, session, ping, disco, disconnect`, () => loginPingDisconnect(prosody, mechanism));
  }

  test('a wrong password fails the login', () => wrongPasswordFails(prosody));

  test('an item published on a node arrives as an event', async () => {
    const publisher = new XmppClient(prosody.url, 'PLAIN');
    await publisher.connect('boss@localhost', 'secret');
    const publish = (id) => publisher.iq($iq({ type: 'set', to: 'pubsub.localhost' })
      .c('pubsub', { xmlns: NS.pubsub }).c('publish', { node: 'ccp.contacts.chat' })
      .c('item', { id }).c('SocialContact', { xmlns: NS.pubsub }).c('status').t('unread'));
    await publish('first');  // creates the node
    await pubsubItem(prosody, 'ccp.contacts.chat', async () => { await publish('C0FFEE'); return 'C0FFEE'; });
    await publisher.disconnect();
  });

  test('a room conversation with chat states both ways', async () => {
    const room = 'socialminer_chat.1@conference.localhost';
    let customer;
    await roomConversation(prosody, {
      room,
      customer: {
        nick: 'Pat',
        say: (t) => customer.say(t),
        typing: (s) => customer.typing(s),
        sawJoin: (n) => customer.sawJoin(n),
        sawTyping: (n, s) => customer.sawTyping(n, s),
        sawMessage: (n, t) => customer.sawMessage(n, t),
        sawLeave: (n) => customer.sawLeave(n),
      },
      beforeJoin: async () => { customer = await xmppCustomer(room); },
    });
    await customer.client.disconnect();
  });
});
