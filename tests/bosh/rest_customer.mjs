// The customer side of a chat over smfront's REST API (socialminer-rest §3),
// and the admin calls an agent makes (claim, read a contact).
import { DOMParser } from '@xmldom/xmldom';

const pollEveryMs = 100;

function parse(text) { return new DOMParser().parseFromString(text, 'text/xml'); }
const decodeBody = (body) => decodeURIComponent(body.replace(/\+/g, ' '));

export class RestCustomer {
  constructor(base, cookie, contactId, room) {
    Object.assign(this, { base, cookie, contactId, room });
  }

  static async create(base, { feedId = 100000, author = 'Pat', title = 'Billing question' } = {}) {
    const body = `<SocialContact><feedRefURL>${base}/ccp-webapp/ccp/feed/${feedId}</feedRefURL>` +
      `<author>${author}</author><title>${title}</title></SocialContact>`;
    const res = await fetch(`${base}/ccp/chat`, { method: 'POST', headers: { 'Content-Type': 'application/xml' }, body });
    if (res.status !== 201) throw new Error(`chat create: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie').split(';')[0];
    const doc = parse(await res.text());
    const contactId = doc.getElementsByTagName('id')[0].textContent;
    const fields = Array.from(doc.getElementsByTagName('extensionField'));
    const room = fields.find((f) => f.getElementsByTagName('name')[0].textContent === 'h_chatRoom')
      .getElementsByTagName('value')[0].textContent;
    return new RestCustomer(base, cookie, contactId, room);
  }

  async #call(method, path, body) {
    const res = await fetch(`${this.base}${path}`, {
      method, body, headers: { Cookie: this.cookie, 'Content-Type': 'application/xml' },
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text;
  }

  // Every event so far as { kind, from, value }.
  async events() {
    const doc = parse(await this.#call('GET', '/ccp/chat?eventid=0&all=true'));
    return Array.from(doc.documentElement.childNodes).filter((n) => n.nodeType === 1).map((e) => {
      const get = (name) => e.getElementsByTagName(name)[0]?.textContent ?? '';
      const kind = e.localName;
      return { kind, from: get('from'), value: kind === 'MessageEvent' ? decodeBody(get('body')) : get('status') };
    });
  }

  async waitForEvent(match, label, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = await this.events();
      const found = events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${label} within ${timeoutMs} ms; events: ${JSON.stringify(events)}`);
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
  }

  say(text) { return this.#call('PUT', '/ccp/chat', `<Message><body>${text}</body></Message>`); }
  typing(status) {
    return this.#call('PUT', '/ccp/chat/event', `<TypingEvent><from>x</from><status>${status}</status></TypingEvent>`);
  }
  leave() { return this.#call('PUT', '/ccp/chat/leaveChat'); }
}

const basic = (user) => 'Basic ' + Buffer.from(`${user}:secret`).toString('base64');

export async function claim(base, contactId, user) {
  const res = await fetch(`${base}/ccp-webapp/ccp/socialcontact/${contactId}`, {
    method: 'PUT',
    headers: { Authorization: basic(user), 'Content-Type': 'application/xml' },
    body: '<SocialContact><status>reserved</status></SocialContact>',
  });
  if (res.status !== 200) throw new Error(`claim: ${res.status} ${await res.text()}`);
}

export async function contactStatus(base, contactId, user) {
  const res = await fetch(`${base}/ccp-webapp/ccp/socialcontact/${contactId}`, { headers: { Authorization: basic(user) } });
  const doc = parse(await res.text());
  return doc.getElementsByTagName('status')[0]?.textContent;
}
