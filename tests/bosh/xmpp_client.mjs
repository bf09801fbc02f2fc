// One Strophe connection with promises: connect, wait for a stanza that
// matches, send an IQ and await its answer, disconnect. Every wait has a deadline.
import { Strophe } from './strophe_env.mjs';

const defaultWaitMs = 10000;

export const mechanismsByName = {
  PLAIN: Strophe.SASLPlain,
  'SCRAM-SHA-1': Strophe.SASLSHA1,
  'SCRAM-SHA-256': Strophe.SASLSHA256,
};

export class XmppClient {
  constructor(url, mechanism = 'PLAIN') {
    this.conn = new Strophe.Connection(url, { mechanisms: [mechanismsByName[mechanism]] });
    this.received = [];
    this.waiters = [];
    this.statuses = [];
    this.conn.addHandler((stanza) => {
      this.received.push(stanza);
      this.#settle();
      return true;
    });
  }

  get jid() { return this.conn.jid; }
  get bareJid() { return Strophe.getBareJidFromJid(this.conn.jid); }

  connect(jid, password, timeoutMs = defaultWaitMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no login of ${jid} within ${timeoutMs} ms`)), timeoutMs);
      this.conn.connect(jid, password, (status, condition) => {
        this.statuses.push(status);
        if (status === Strophe.Status.CONNECTED) {
          clearTimeout(timer);
          resolve();
        } else if ([Strophe.Status.AUTHFAIL, Strophe.Status.CONNFAIL, Strophe.Status.DISCONNECTED,
          Strophe.Status.ERROR].includes(status)) {
          clearTimeout(timer);
          reject(new Error(`login of ${jid} failed: status ${status} ${condition ?? ''}`));
        }
        if (status === Strophe.Status.DISCONNECTED && this.onDisconnected) this.onDisconnected();
      });
    });
  }

  send(stanza) { this.conn.send(stanza); }

  // Resolves with the answer (result) or rejects with the error stanza.
  iq(builder, timeoutMs = defaultWaitMs) {
    return new Promise((resolve, reject) => {
      this.conn.sendIQ(builder, resolve, (error) => {
        const text = error ? Strophe.serialize(error) : 'timeout';
        reject(Object.assign(new Error(`iq failed: ${text}`), { stanza: error }));
      }, timeoutMs);
    });
  }

  // The first stanza received (earlier or later) for which `match` is true; it
  // is taken out so that a later wait does not see it again.
  waitFor(match, label, timeoutMs = defaultWaitMs) {
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const seen = this.received.map((s) => Strophe.serialize(s)).join('\n');
        reject(new Error(`no ${label} within ${timeoutMs} ms; unclaimed stanzas:\n${seen}`));
      }, timeoutMs);
      this.waiters.push(waiter);
      this.#settle();
    });
  }

  #settle() {
    for (const waiter of [...this.waiters]) {
      const index = this.received.findIndex((s) => waiter.match(s));
      if (index < 0) continue;
      const [stanza] = this.received.splice(index, 1);
      clearTimeout(waiter.timer);
      this.waiters = this.waiters.filter((w) => w !== waiter);
      waiter.resolve(stanza);
    }
  }

  disconnect(timeoutMs = defaultWaitMs) {
    return new Promise((resolve, reject) => {
      if (!this.conn.connected) return resolve();
      const timer = setTimeout(() => reject(new Error(`no clean disconnect within ${timeoutMs} ms`)), timeoutMs);
      this.onDisconnected = () => { clearTimeout(timer); resolve(); };
      this.conn.disconnect('done');
    });
  }
}

// Small readers over received DOM stanzas.
export const child = (el, name, ns) =>
  Array.from(el.childNodes ?? []).find((n) => n.nodeType === 1 && n.localName === name && (!ns || n.namespaceURI === ns));
export const descendant = (el, name, ns) => {
  const all = ns ? el.getElementsByTagNameNS(ns, name) : el.getElementsByTagName(name);
  return all.length > 0 ? all[0] : undefined;
};
export const textOf = (el, name) => descendant(el, name)?.textContent ?? '';
export const hasStatus = (presence, code) =>
  Array.from(presence.getElementsByTagName('status')).some((s) => s.getAttribute('code') === code);

export const NS = {
  muc: 'http://jabber.org/protocol/muc',
  mucUser: 'http://jabber.org/protocol/muc#user',
  pubsub: 'http://jabber.org/protocol/pubsub',
  pubsubEvent: 'http://jabber.org/protocol/pubsub#event',
  chatStates: 'http://jabber.org/protocol/chatstates',
  discoInfo: 'http://jabber.org/protocol/disco#info',
  ping: 'urn:xmpp:ping',
};
